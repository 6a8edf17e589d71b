package io.banyan.sidecar.listener;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain TCP app on 127.0.0.1 port 0: echoes every byte it reads and, once it reads EOF (the client's half-close),
 * still answers (its answer, if it was given one, then {@link #trailer()}) and then closes. Counts accepted
 * connections.
 */
final class TcpTestServer implements AutoCloseable {

    private final String name;
    private final byte[] answer;
    private final ServerSocket socket;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final AtomicInteger accepted = new AtomicInteger();

    TcpTestServer(String name) throws IOException {
        this(name, new byte[0]);
    }

    /** A server that, once it reads EOF, sends {@code answer} before its {@link #trailer()}. */
    TcpTestServer(String name, byte[] answer) throws IOException {
        this.name = name;
        this.answer = answer.clone();
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::acceptLoop);
    }

    int port() {
        return socket.getLocalPort();
    }

    int accepted() {
        return accepted.get();
    }

    /** What this server sends after the client's EOF. */
    byte[] trailer() {
        return ("\nEOF seen by " + name).getBytes(StandardCharsets.US_ASCII);
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                accepted.incrementAndGet();
                threads.execute(() -> serve(connection));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            InputStream in = connection.getInputStream();
            OutputStream out = connection.getOutputStream();
            byte[] buffer = new byte[16 * 1024];
            int read;
            while ((read = in.read(buffer)) != -1) {
                out.write(buffer, 0, read);
            }
            out.write(answer);
            out.write(trailer());
            out.flush();
        } catch (IOException e) {
            // the client went away; nothing to answer
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        threads.shutdownNow();
    }
}
