package io.banyan.e2e.support;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A raw TLS client (JDK engine) that presents a chosen certificate to a sidecar's inbound port, trusts any server
 * (the server's checks are what is tested), and sends one plain HTTP/1.1 request over the connection.
 */
public final class TlsTestClient {

    private final SSLContext context;

    private TlsTestClient(SSLContext context) {
        this.context = context;
    }

    /** Presents {@code chain} (leaf first) with {@code key}. */
    public static TlsTestClient presenting(PrivateKey key, List<X509Certificate> chain) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", key, new char[0], chain.toArray(X509Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), new TrustManager[] {new TrustAnyServer()}, null);
            return new TlsTestClient(context);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the test client's TLS context", e);
        }
    }

    /** What one attempt came to: the server's certificate if the handshake finished, and what was read back. */
    public record Outcome(X509Certificate serverCertificate, String response, Exception failure) {

        /** True when an HTTP response came back over the connection. */
        public boolean answered() {
            return response != null && response.startsWith("HTTP/1.1");
        }
    }

    /** Connects to 127.0.0.1:{port}, handshakes, sends {@code GET path} and reads until the server closes. */
    public Outcome get(int port, String path) {
        X509Certificate server = null;
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            server = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            for (int n; (n = in.read(buffer)) > 0; ) {
                read.write(buffer, 0, n);
            }
            return new Outcome(server, read.toString(StandardCharsets.ISO_8859_1), null);
        } catch (IOException e) {
            return new Outcome(server, read.size() == 0 ? null : read.toString(StandardCharsets.ISO_8859_1), e);
        }
    }

    /** Test-only: the client does not judge the server; the server's judgement of the client is under test. */
    private static final class TrustAnyServer implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
