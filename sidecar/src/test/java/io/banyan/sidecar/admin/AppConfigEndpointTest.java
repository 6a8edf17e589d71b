package io.banyan.sidecar.admin;

import com.fasterxml.jackson.databind.node.IntNode;
import io.banyan.adminserver.AdminRequest;
import io.banyan.adminserver.AdminResponse;
import io.banyan.adminserver.ApiException;
import io.banyan.dataplane.config.AppConfig;
import io.banyan.sidecar.appconfig.ConfigWatch;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** GET /config: ETags, If-None-Match, long polls parked and answered by a change or by the wait (paused clock). */
class AppConfigEndpointTest {

    private final EmbeddedChannel timer = new EmbeddedChannel();
    private final ConfigWatch watch = new ConfigWatch(1);
    private final AppConfigEndpoint endpoint = new AppConfigEndpoint(watch, timer.eventLoop());

    @AfterEach
    void noLeaks() {
        assertThat(timer.finishAndReleaseAll()).isFalse();
    }

    private static AdminRequest get(Map<String, String> query, String ifNoneMatch) {
        Map<String, List<String>> params = new HashMap<>();
        query.forEach((name, value) -> params.put(name, List.of(value)));
        return new AdminRequest("GET", "/config", null, null, "127.0.0.1", null, new byte[0], Map.of(), params, null,
                null, ifNoneMatch);
    }

    private static String body(AdminResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void answersTheConfigWithItsEtagOr304OrNoConfig() {
        assertThat(endpoint.defer(get(Map.of(), null)).join()).satisfies(none -> {
            assertThat(none.status()).isEqualTo(404);
            assertThat(body(none)).isEqualTo("{\"error\":\"no_config\"}");
        });
        watch.update(new AppConfig("7", Map.of("n", IntNode.valueOf(1))));

        AdminResponse ok = endpoint.defer(get(Map.of(), null)).join();
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.headers()).containsEntry("ETag", "\"7\"");
        assertThat(body(ok)).isEqualTo("{\"version\":\"7\",\"values\":{\"n\":1}}");
        assertThat(endpoint.defer(get(Map.of(), "\"7\"")).join().status()).isEqualTo(304);
        assertThat(endpoint.defer(get(Map.of(), "\"6\"")).join().status()).isEqualTo(200);
    }

    @Test
    void aLongPollIsParkedUntilAChangeOrItsWaitAndBounded() {
        watch.update(new AppConfig("7", Map.of()));
        CompletableFuture<AdminResponse> parked = endpoint.defer(get(Map.of("wait", "30s", "version", "7"), null));
        assertThat(parked).isNotDone();
        assertThat(endpoint.defer(get(Map.of("wait", "30s", "version", "7"), null)).join().status())
                .as("one waiter at most here").isEqualTo(503);

        watch.update(new AppConfig("8", Map.of("n", IntNode.valueOf(2))));
        assertThat(parked.join().status()).isEqualTo(200);
        assertThat(body(parked.join())).contains("\"version\":\"8\"");

        CompletableFuture<AdminResponse> quiet = endpoint.defer(get(Map.of("wait", "30s", "version", "8"), null));
        timer.advanceTimeBy(30, TimeUnit.SECONDS);
        timer.runScheduledPendingTasks();
        assertThat(quiet.join().status()).isEqualTo(304);
        assertThat(endpoint.defer(get(Map.of("wait", "30s", "version", "7"), null)).join().status())
                .as("another version held: at once").isEqualTo(200);
    }

    @Test
    void aWaitBeyondSixtySecondsOrNotADurationIsRefused() {
        assertThatThrownBy(() -> endpoint.defer(get(Map.of("wait", "61s", "version", "1"), null)))
                .isInstanceOf(ApiException.class).hasMessage("wait: '61s' (expected: a duration like 250ms, 1.5s, 5m,"
                        + " 7d, at most 1m)");
        assertThatThrownBy(() -> endpoint.defer(get(Map.of("wait", "soon", "version", "1"), null)))
                .isInstanceOf(ApiException.class);
    }
}
