package io.banyan.sidecar.listener;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The HTTP/1.1 app behind the HTTP/2 listener tests: counts requests, keeps the last request's headers, answers
 * the SHA-256 of the body it read (hex) for POST and {@code app} otherwise.
 */
final class H2Upstream implements AutoCloseable {

    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicReference<Headers> lastHeaders = new AtomicReference<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final HttpServer server;

    H2Upstream() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            lastHeaders.set(exchange.getRequestHeaders());
            byte[] body = "POST".equals(exchange.getRequestMethod())
                    ? sha256(exchange.getRequestBody()).getBytes(StandardCharsets.US_ASCII)
                    : drain(exchange.getRequestBody());
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(threads);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    int requests() {
        return requests.get();
    }

    Headers lastHeaders() {
        return lastHeaders.get();
    }

    static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] drain(InputStream in) throws IOException {
        in.readAllBytes();
        return "app".getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
