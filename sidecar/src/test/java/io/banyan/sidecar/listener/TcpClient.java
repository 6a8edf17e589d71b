package io.banyan.sidecar.listener;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;

/** A blocking test client: sends bytes then half-closes, while reading everything until EOF. */
final class TcpClient {

    private TcpClient() {
    }

    /** Sends {@code payload}, shuts its output, and returns every byte read until the server's EOF. */
    static byte[] exchange(int port, byte[] payload) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(20_000);
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                try {
                    socket.getOutputStream().write(payload);
                    socket.getOutputStream().flush();
                    socket.shutdownOutput();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            byte[] received = readAll(socket.getInputStream());
            sent.join();
            return received;
        }
    }

    /**
     * As {@link #exchange}, for a server that closes without reading: bytes still unread in its socket make the
     * kernel answer the close with a reset, which ends the stream here like an EOF does.
     */
    static byte[] exchangeUntilClosed(int port, byte[] payload) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(20_000);
            try {
                socket.getOutputStream().write(payload);
                socket.shutdownOutput();
            } catch (IOException closedAlready) {
                // the server closed first: what it sent (nothing, or something) is still read below
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            try {
                for (int read; (read = socket.getInputStream().read(buffer)) != -1; ) {
                    out.write(buffer, 0, read);
                }
            } catch (java.net.SocketException reset) {
                // closed with unread bytes: a reset instead of a FIN
            }
            return out.toByteArray();
        }
    }

    static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        int read;
        while ((read = in.read(buffer)) != -1) {
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }
}
