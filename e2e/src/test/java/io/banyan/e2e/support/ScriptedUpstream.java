package io.banyan.e2e.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * A real HTTP server on 127.0.0.1 whose answers follow a script: for the n-th request (from 1) the script
 * gives the status, or {@link #HANG} to hold the request without an answer until the server closes.
 * Counts every request it saw, and answers {@code /health} with 200 (or {@link #healthStatus(int)}) regardless of the script.
 */
public final class ScriptedUpstream implements AutoCloseable {

    /** A script result: never answer. */
    public static final int HANG = -1;

    private final String name;
    private final IntUnaryOperator script;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile int healthStatus = 200;

    public ScriptedUpstream(String name, IntUnaryOperator script) throws IOException {
        this.name = name;
        this.script = script;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Always this status. */
    public static ScriptedUpstream always(String name, int status) throws IOException {
        return new ScriptedUpstream(name, n -> status);
    }

    public String name() {
        return name;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** What {@code /health} answers from now on (200 at first). */
    public void healthStatus(int status) {
        healthStatus = status;
    }

    /** Requests seen so far (health checks excluded). */
    public int requests() {
        return requests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            if (exchange.getRequestURI().getPath().equals("/health")) {
                respond(exchange, healthStatus);
                return;
            }
            int status = script.applyAsInt(requests.incrementAndGet());
            if (status == HANG) {
                closed.await();
                return;
            }
            respond(exchange, status);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void respond(HttpExchange exchange, int status) throws IOException {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
