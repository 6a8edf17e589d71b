package io.banyan.e2e.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An app whose first few responses stay in flight until {@link #release()}: each of them gets its status, headers and
 * the first half of its body at once, the rest once released (so a proxy that cuts it leaves a visibly truncated
 * response). Every other request is answered whole at once, as is {@code /health}.
 */
public final class HoldingUpstream implements AutoCloseable {

    private static final byte[] BODY = "held until released, then sent whole".getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicInteger held = new AtomicInteger();
    private final int limit;

    /** Holds the first {@code limit} responses. */
    public HoldingUpstream(int limit) throws IOException {
        this.limit = limit;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Requests that got half a response and wait for the release. */
    public int held() {
        return Math.min(held.get(), limit);
    }

    public void release() {
        released.countDown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            if (exchange.getRequestURI().getPath().equals("/health")) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, BODY.length);
            OutputStream out = exchange.getResponseBody();
            if (released.getCount() > 0 && held.getAndIncrement() < limit) {
                out.write(BODY, 0, BODY.length / 2);
                out.flush();
                released.await(60, TimeUnit.SECONDS);
                out.write(BODY, BODY.length / 2, BODY.length - BODY.length / 2);
            } else {
                out.write(BODY);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        executor.shutdownNow();
    }
}
