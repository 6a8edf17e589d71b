package io.banyan.sidecar.edge;

import com.nimbusds.jose.jwk.JWKSet;
import io.banyan.primitives.time.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keys fetched over HTTPS (the JDK's client and the given executor, never an event loop; the server's certificate
 * checked against {@code trust}'s CAs and the URI's host), re-fetched every {@code refresh} and, at most once per
 * {@code unknownKeyInterval}, when a token names a key id the set lacks. A failed fetch keeps the last keys.
 */
public final class HttpsJwks extends LoadedKeys {

    private static final Logger log = LoggerFactory.getLogger(HttpsJwks.class);
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final URI uri;
    private final HttpClient client;
    private final ScheduledExecutorService executor;
    private final Ticker ticker;
    private final long unknownKeyIntervalNanos;
    private final AtomicLong lastUnknownKeyFetch;
    private final AtomicReference<CompletableFuture<JWKSet>> inFlight = new AtomicReference<>();
    private final ScheduledFuture<?> refreshing;

    public HttpsJwks(URI uri, SSLContext trust, Duration refresh, Duration unknownKeyInterval,
                     ScheduledExecutorService executor, Ticker ticker) {
        this.uri = uri;
        this.executor = executor;
        this.ticker = ticker;
        this.unknownKeyIntervalNanos = unknownKeyInterval.toNanos();
        this.lastUnknownKeyFetch = new AtomicLong(ticker.nanoTime() - unknownKeyIntervalNanos);
        // The client keeps its own threads: reading the body on ours must not wait for a thread it needs itself.
        this.client = HttpClient.newBuilder().sslContext(trust).connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        fetch().whenComplete((keys, e) -> loadEnded());
        this.refreshing = executor.scheduleWithFixedDelay(this::fetch, refresh.toMillis(), refresh.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public Optional<CompletableFuture<JWKSet>> reloadForUnknownKey() {
        long now = ticker.nanoTime();
        long last = lastUnknownKeyFetch.get();
        if (now - last < unknownKeyIntervalNanos || !lastUnknownKeyFetch.compareAndSet(last, now)) {
            return Optional.empty();
        }
        return Optional.of(fetch());
    }

    /** One fetch at a time: a caller during a fetch gets that fetch's future. */
    private CompletableFuture<JWKSet> fetch() {
        CompletableFuture<JWKSet> mine = new CompletableFuture<>();
        CompletableFuture<JWKSet> running = inFlight.compareAndExchange(null, mine);
        if (running != null) {
            return running;
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("accept", "application/json").GET()
                .build();
        client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .thenApplyAsync(this::read, executor)
                .whenComplete((keys, e) -> {
                    if (e != null) {
                        log.warn("JWKS {} not fetched, keeping the last keys: {}", uri, e.getMessage());
                    } else {
                        loaded(keys);
                        log.info("JWKS {}: {} keys fetched", uri, keys.getKeys().size());
                    }
                    inFlight.set(null);
                    mine.complete(current());
                });
        return mine;
    }

    private JWKSet read(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("status " + response.statusCode() + " (expected: 200)");
            }
            byte[] bytes = body.readNBytes(JwksParser.MAX_BYTES + 1);
            if (bytes.length > JwksParser.MAX_BYTES) {
                throw new IllegalStateException("more than " + JwksParser.MAX_BYTES + " bytes");
            }
            return JwksParser.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException | ParseException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        refreshing.cancel(false);
    }
}
