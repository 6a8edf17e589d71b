package io.banyan.sidecar.admin;

import io.banyan.adminserver.AdminRequest;
import io.banyan.adminserver.AdminResponse;
import io.banyan.adminserver.ApiException;
import io.banyan.adminserver.DeferredRouteHandler;
import io.banyan.dataplane.config.AppConfig;
import io.banyan.dataplane.xds.AppConfigTranslator;
import io.banyan.primitives.time.Durations;
import io.banyan.sidecar.appconfig.ConfigWatch;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * {@code GET /config}: the app configuration of this sidecar's service, {@code {"version", "values"}} with
 * {@code ETag: "<version>"}; 304 when {@code If-None-Match} names that version; 404 {@code {"error": "no_config"}}
 * before one arrived. A long poll {@code ?wait=30s&version=V} (wait at most {@link #MAX_WAIT}) answers at once when the
 * version held is not V, else parks until a change or the wait passes (then 304, or 404 when none ever arrived); 503
 * when {@link ConfigWatch} holds as many parked requests as it may.
 */
final class AppConfigEndpoint implements DeferredRouteHandler {

    static final Duration MAX_WAIT = Duration.ofSeconds(60);

    private final ConfigWatch watch;
    private final ScheduledExecutorService timer;
    private final AppConfigTranslator json = new AppConfigTranslator();

    AppConfigEndpoint(ConfigWatch watch, ScheduledExecutorService timer) {
        this.watch = watch;
        this.timer = timer;
    }

    @Override
    public CompletableFuture<AdminResponse> defer(AdminRequest request) {
        Optional<String> waitText = request.queryParam("wait");
        Optional<String> version = request.queryParam("version").or(() -> tag(request.ifNoneMatch()));
        if (waitText.isEmpty() || version.isEmpty()) {
            return CompletableFuture.completedFuture(answer(watch.current(), tag(request.ifNoneMatch())));
        }
        Duration wait = wait(waitText.get());
        Optional<CompletableFuture<Optional<AppConfig>>> parked = watch.await(version.get(), wait, timer);
        if (parked.isEmpty()) {
            return CompletableFuture.completedFuture(error(503, "too_many_waiters"));
        }
        return parked.get().thenApply(changed -> answer(changed.or(watch::current), version));
    }

    private AdminResponse answer(Optional<AppConfig> config, Optional<String> notIf) {
        if (config.isEmpty()) {
            return error(404, "no_config");
        }
        String etag = "\"" + config.get().version() + "\"";
        if (notIf.filter(config.get().version()::equals).isPresent()) {
            return new AdminResponse(304, Map.of("ETag", etag), AdminResponse.JSON, new byte[0]);
        }
        return new AdminResponse(200, Map.of("ETag", etag), AdminResponse.JSON, json.bytes(config.get()));
    }

    private static AdminResponse error(int status, String error) {
        return new AdminResponse(status, Map.of(), AdminResponse.JSON,
                ("{\"error\":\"" + error + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    private static Duration wait(String text) {
        Duration wait = Durations.parseOrNull(text);
        if (wait == null || wait.isNegative() || wait.compareTo(MAX_WAIT) > 0) {
            String shown = text.length() <= 16 ? text : text.substring(0, 16) + "...";
            throw ApiException.badRequest("wait", "wait: '" + shown + "' (expected: " + Durations.EXPECTED
                    + ", at most " + Durations.format(MAX_WAIT) + ")");
        }
        return wait;
    }

    /** The version an entity tag names: {@code "7"} or {@code W/"7"} → {@code 7}. */
    private static Optional<String> tag(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String tag = header.trim();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        return Optional.of(tag);
    }
}
