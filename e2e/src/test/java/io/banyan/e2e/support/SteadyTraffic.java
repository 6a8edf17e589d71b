package io.banyan.e2e.support;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady stream of GET requests from several clients (each its own keep-alive HTTP/1.1 client on its own thread,
 * one request after another with a short pause) to one local port, until closed; counts successes and records every
 * failure (status and x-banyan-error, or the exception).
 */
public final class SteadyTraffic implements AutoCloseable {

    private final ScheduledExecutorService clients;
    private final AtomicLong succeeded = new AtomicLong();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();

    private SteadyTraffic(int count) {
        clients = Executors.newScheduledThreadPool(count, runnable -> {
            Thread thread = new Thread(runnable, "steady-traffic");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts {@code count} clients sending {@code GET path} to 127.0.0.1:{port}, pausing {@code pause} between requests. */
    public static SteadyTraffic start(int port, String path, int count, Duration pause) {
        SteadyTraffic traffic = new SteadyTraffic(count);
        HttpRequest request = HttpRequest.newBuilder(MeshClient.uri(port, path)).timeout(Duration.ofSeconds(10)).GET().build();
        for (int i = 0; i < count; i++) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            traffic.clients.scheduleWithFixedDelay(() -> traffic.send(http, request), 0, pause.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        return traffic;
    }

    private void send(HttpClient http, HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                succeeded.incrementAndGet();
            } else {
                failures.add(response.statusCode() + " " + response.headers().firstValue("x-banyan-error").orElse("-")
                        + " " + response.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failures.add(e.toString());
        }
    }

    public long succeeded() {
        return succeeded.get();
    }

    /** Every failed request so far, described. */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    /** Stops sending and waits (bounded) for the requests in flight to finish. */
    @Override
    public void close() throws InterruptedException {
        clients.shutdown();
        if (!clients.awaitTermination(30, TimeUnit.SECONDS)) {
            clients.shutdownNow();
            throw new AssertionError("traffic clients did not stop within 30 s");
        }
    }
}
