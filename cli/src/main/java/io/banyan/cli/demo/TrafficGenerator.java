package io.banyan.cli.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code clients} threads, each a keep-alive HTTP/1.1 client with one request in flight (bounded load),
 * sending GET requests to one URL until {@link #close()}; every outcome goes to the consumer.
 */
final class TrafficGenerator implements AutoCloseable {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final URI target;
    private final Consumer<Outcome> sink;
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running = true;

    TrafficGenerator(URI target, int clients, Consumer<Outcome> sink) {
        this.target = target;
        this.sink = sink;
        for (int i = 0; i < clients; i++) {
            Thread worker = new Thread(this::loop, "demo-client-" + (i + 1));
            worker.setDaemon(true);
            workers.add(worker);
        }
    }

    void start() {
        workers.forEach(Thread::start);
    }

    /** One request, classified; used for warm-up too. */
    static Outcome send(HttpClient client, URI target) {
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

    static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    }

    private void loop() {
        HttpClient client = newClient();
        while (running && !Thread.currentThread().isInterrupted()) {
            Outcome outcome = send(client, target);
            if (running) {
                sink.accept(outcome);
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
