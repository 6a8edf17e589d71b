package io.banyan.cli.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * {@code clients} threads, each a keep-alive HTTP/1.1 client with one request in flight (bounded load),
 * sending GET requests to one URL (or to several in turn) until {@link #close()}; every outcome goes to the consumer.
 */
public final class TrafficGenerator implements AutoCloseable {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final List<URI> targets;
    private final BiConsumer<URI, Outcome> sink;
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running = true;

    TrafficGenerator(URI target, int clients, Consumer<Outcome> sink) {
        this(List.of(target), clients, (uri, outcome) -> sink.accept(outcome));
    }

    /** Each client sends to the targets in turn, client i starting at target i; the sink learns which target answered. */
    public TrafficGenerator(List<URI> targets, int clients, BiConsumer<URI, Outcome> sink) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("targets: none (expected: at least one URL)");
        }
        this.targets = List.copyOf(targets);
        this.sink = sink;
        for (int i = 0; i < clients; i++) {
            int first = i;
            Thread worker = new Thread(() -> loop(first), "demo-client-" + (i + 1));
            worker.setDaemon(true);
            workers.add(worker);
        }
    }

    public void start() {
        workers.forEach(Thread::start);
    }

    /** One request, classified; used for warm-up too. */
    public static Outcome send(HttpClient client, URI target) {
        HttpRequest request = HttpRequest.newBuilder(target).timeout(REQUEST_TIMEOUT).GET().build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return Outcome.of(response.statusCode(),
                    response.headers().firstValue("x-banyan-error").orElse(null),
                    response.headers().firstValue(OrdersApp.INSTANCE_HEADER).orElse(null));
        } catch (IOException e) {
            return Outcome.clientError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.clientError(e);
        }
    }

    public static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    }

    private void loop(int first) {
        HttpClient client = newClient();
        for (int next = first; running && !Thread.currentThread().isInterrupted(); next++) {
            URI target = targets.get(Math.floorMod(next, targets.size()));
            Outcome outcome = send(client, target);
            if (running) {
                sink.accept(target, outcome);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        for (Thread worker : workers) {
            try {
                worker.join(REQUEST_TIMEOUT.toMillis() + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
