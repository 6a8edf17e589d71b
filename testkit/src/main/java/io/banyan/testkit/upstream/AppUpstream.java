package io.banyan.testkit.upstream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * A real HTTP/1.1 app on 127.0.0.1 port 0 standing for one instance of a service. It counts requests (health checks
 * excluded) and answers its name with the status its script gives the n-th request (from 1; 200 unless scripted;
 * {@link #HANG} holds the request unanswered until the app closes). {@code /health} answers 200 (or
 * {@link #healthStatus(int)}) whatever the script; {@code POST /sha256} hashes a streamed upload and
 * {@code GET /bytes/N} streams N {@link SeededBytes}. With {@link Builder#holdFirst(int)} the first responses send
 * their head and half their body at once and the rest only on {@link #release()}, so that a proxy that cuts them
 * leaves a visibly truncated response.
 */
public final class AppUpstream implements AutoCloseable {

    /** A script result: never answer. */
    public static final int HANG = -1;

    private final String name;
    private final byte[] body;
    private final IntUnaryOperator script;
    private final int holdFirst;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger held = new AtomicInteger();
    private final CountDownLatch released = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile int healthStatus = 200;

    private AppUpstream(Builder builder) throws IOException {
        this.name = builder.name;
        this.body = name.getBytes(StandardCharsets.UTF_8);
        this.script = builder.script;
        this.holdFirst = builder.holdFirst;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** An app that answers {@code name} with 200 to every request. */
    public static AppUpstream start(String name) {
        return named(name).start();
    }

    /** An app that answers {@code name} with {@code status} to every request. */
    public static AppUpstream always(String name, int status) {
        return named(name).script(n -> status).start();
    }

    public static Builder named(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Requests seen so far (health checks excluded). */
    public int requests() {
        return requests.get();
    }

    public void resetCount() {
        requests.set(0);
    }

    /** What {@code /health} answers from now on (200 at first). */
    public void healthStatus(int status) {
        healthStatus = status;
    }

    /** Requests that got half a response and wait for {@link #release()}. */
    public int held() {
        return Math.min(held.get(), holdFirst);
    }

    /** Sends the rest of every held response, and holds no more. */
    public void release() {
        released.countDown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/health")) {
                exchange.getRequestBody().readAllBytes();
                respond(exchange, healthStatus, "ok".getBytes(StandardCharsets.UTF_8));
                return;
            }
            int n = requests.incrementAndGet();
            if (path.equals("/sha256")) {
                respond(exchange, 200, sha256(exchange.getRequestBody()).getBytes(StandardCharsets.UTF_8));
                return;
            }
            exchange.getRequestBody().readAllBytes();
            if (path.startsWith("/bytes/")) {
                long size = Long.parseLong(path.substring("/bytes/".length()));
                exchange.sendResponseHeaders(200, size);
                try (OutputStream out = exchange.getResponseBody()) {
                    SeededBytes.write(out, size);
                }
                return;
            }
            int status = script.applyAsInt(n);
            if (status == HANG) {
                closed.await();
            } else if (released.getCount() > 0 && held.getAndIncrement() < holdFirst) {
                exchange.getResponseHeaders().set("Content-Type", "text/plain");
                exchange.sendResponseHeaders(status, body.length);
                OutputStream out = exchange.getResponseBody();
                out.write(body, 0, body.length / 2);
                out.flush();
                released.await(60, TimeUnit.SECONDS);
                out.write(body, body.length / 2, body.length - body.length / 2);
            } else {
                respond(exchange, status, body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange exchange, int status, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** The hex SHA-256 of everything {@code in} gives. */
    public static String sha256(InputStream in) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public void close() {
        release();
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    /** How an app answers; {@link #start()} listens. */
    public static final class Builder {

        private final String name;
        private IntUnaryOperator script = n -> 200;
        private int holdFirst;

        private Builder(String name) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("name: '" + name + "' (expected: a non-empty name)");
            }
            this.name = name;
        }

        /** The status of the n-th request (from 1), or {@link #HANG}. */
        public Builder script(IntUnaryOperator script) {
            this.script = Objects.requireNonNull(script, "script");
            return this;
        }

        /** Holds the first {@code responses} responses half sent until {@link AppUpstream#release()}. */
        public Builder holdFirst(int responses) {
            if (responses < 0) {
                throw new IllegalArgumentException("holdFirst: " + responses + " (expected: >= 0)");
            }
            this.holdFirst = responses;
            return this;
        }

        public AppUpstream start() {
            try {
                return new AppUpstream(this);
            } catch (IOException e) {
                throw new UncheckedIOException("app " + name + " could not listen on 127.0.0.1", e);
            }
        }
    }
}
