package io.banyan.sidecar.listener;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A client socket to 127.0.0.1 that writes raw request bytes and reads the responses exactly as framed on the wire
 * (status line, headers, a body by Content-Length, chunks with their trailers, or up to the close), so a test sees
 * what a real client would, one response at a time on a kept-alive connection.
 */
final class RawHttpConnection implements AutoCloseable {

    /** One response as read off the wire; header and trailer names lower-cased. */
    record Response(int status, Map<String, List<String>> headers, byte[] body, Map<String, List<String>> trailers) {
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : String.join(", ", values);
        }

        String trailer(String name) {
            List<String> values = trailers.get(name);
            return values == null ? null : String.join(", ", values);
        }

        String bodyText() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawHttpConnection(int port) throws IOException {
        this(new Socket(InetAddress.getLoopbackAddress(), port));
    }

    /** Over a socket already connected (a TLS one, say). */
    RawHttpConnection(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(10_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Whether a connect to 127.0.0.1:{@code port} is refused (nothing listens there now). */
    static boolean refused(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
            return false;
        } catch (java.net.ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    Socket socket() {
        return socket;
    }

    void send(String raw) throws IOException {
        send(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    void send(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
    }

    /** The next response (an interim 1xx one too); {@code toHead} when it answers a HEAD request (no body). */
    Response read(boolean toHead) throws IOException {
        String statusLine = line();
        int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
        Map<String, List<String>> headers = fields();
        Map<String, List<String>> trailers = new LinkedHashMap<>();
        byte[] body;
        if (toHead || status < 200 || status == 204 || status == 304) {
            body = new byte[0];
        } else if (headers.containsKey("transfer-encoding")) {
            ByteArrayOutputStream chunks = new ByteArrayOutputStream();
            for (int size; (size = Integer.parseInt(line().split(";", 2)[0].trim(), 16)) > 0; ) {
                chunks.write(exactly(size));
                if (!line().isEmpty()) {
                    throw new IOException("chunk longer than its size");
                }
            }
            trailers = fields();
            body = chunks.toByteArray();
        } else if (headers.containsKey("content-length")) {
            body = exactly(Integer.parseInt(headers.get("content-length").get(0)));
        } else {
            body = in.readAllBytes();
        }
        return new Response(status, headers, body, trailers);
    }

    Response read() throws IOException {
        return read(false);
    }

    /** Whether the peer has closed the connection: reads to the end, failing the test on a read timeout. */
    boolean closedByPeer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketException reset) {
            return true;
        }
    }

    /** Whether no byte has arrived yet (the sidecar answers before it cuts a connection), without waiting. */
    boolean nothingReceivedYet() throws IOException {
        return in.available() == 0;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private Map<String, List<String>> fields() throws IOException {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (String line; !(line = line()).isEmpty(); ) {
            int colon = line.indexOf(':');
            fields.computeIfAbsent(line.substring(0, colon).toLowerCase(Locale.ROOT), name -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
        return fields;
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b == -1) {
                throw new EOFException("closed mid-line after: " + line.toString(StandardCharsets.ISO_8859_1));
            }
            line.write(b);
        }
        byte[] bytes = line.toByteArray();
        if (bytes.length == 0 || bytes[bytes.length - 1] != '\r') {
            throw new IOException("line not ended by CR LF: " + line.toString(StandardCharsets.ISO_8859_1));
        }
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
    }

    private byte[] exactly(int size) throws IOException {
        byte[] bytes = in.readNBytes(size);
        if (bytes.length != size) {
            throw new EOFException("closed after " + bytes.length + " of " + size + " body bytes");
        }
        return bytes;
    }
}
