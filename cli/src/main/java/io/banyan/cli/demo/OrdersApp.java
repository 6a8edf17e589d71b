package io.banyan.cli.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The demo's {@code orders} app: a tiny HTTP server on 127.0.0.1 answering JSON that names its
 * instance (also in {@code x-demo-instance}); a flaky instance answers 503 on a share of requests.
 */
public final class OrdersApp implements AutoCloseable {

    public static final String INSTANCE_HEADER = "x-demo-instance";

    private final String instance;
    static {
        // The JDK's HttpServer leaves Nagle on unless told; with delayed ACKs that costs 40 ms a response.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final String zone;
    private final double failureRate;
    private final RandomGenerator random;
    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicLong served = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();

    private OrdersApp(String instance, String zone, double failureRate, RandomGenerator random) throws IOException {
        this.instance = instance;
        this.zone = zone;
        this.failureRate = failureRate;
        this.random = random;
        this.executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "demo-" + instance);
            thread.setDaemon(true);
            return thread;
        });
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.setExecutor(executor);
        server.createContext("/health", exchange -> respond(exchange, 200, "{\"status\":\"ok\"}"));
        server.createContext("/", this::order);
    }

    /** Starts the app on a free port; {@code failureRate} 0 for a well-behaved instance. */
    public static OrdersApp start(String instance, String zone, double failureRate, RandomGenerator random) throws IOException {
        OrdersApp app = new OrdersApp(instance, zone, failureRate, random);
        app.server.start();
        return app;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String instance() {
        return instance;
    }

    public long served() {
        return served.get();
    }

    private void order(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        boolean fail;
        synchronized (random) {
            fail = failureRate > 0 && random.nextDouble() < failureRate;
        }
        if (fail) {
            respond(exchange, 503, "{\"instance\":\"" + instance + "\",\"error\":\"flaky\"}");
            return;
        }
        served.incrementAndGet();
        respond(exchange, 200, "{\"service\":\"orders\",\"instance\":\"" + instance + "\",\"zone\":\"" + zone
                + "\",\"orders\":[{\"id\":1,\"item\":\"banyan seedling\"}]}");
    }

    private void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set(INSTANCE_HEADER, instance);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Stops at once, dropping open connections, as if the process died. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
    }
}
