package io.banyan.e2e.support;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.SocketException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TLS server on 127.0.0.1 presenting a chosen certificate (say, another service's), standing where a mesh
 * instance should be: counts the connections it accepted and every byte of application data it received.
 */
public final class TlsImpostor implements AutoCloseable {

    private final SSLServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final Thread acceptor;

    public TlsImpostor(TestCertificates.Credential credential) throws IOException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", credential.key(), new char[0],
                    credential.chain().toArray(java.security.cert.X509Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 16, InetAddress.getLoopbackAddress());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the impostor's TLS context", e);
        }
        acceptor = new Thread(this::acceptLoop, "tls-impostor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public int connections() {
        return connections.get();
    }

    public long bytesReceived() {
        return bytesReceived.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try (SSLSocket socket = (SSLSocket) server.accept()) {
                connections.incrementAndGet();
                socket.setSoTimeout(5_000);
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[4096];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    bytesReceived.addAndGet(n);
                }
            } catch (SocketException e) {
                if (server.isClosed()) {
                    return;
                }
            } catch (IOException e) {
                // the peer refused our certificate: exactly what an impostor should meet
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
