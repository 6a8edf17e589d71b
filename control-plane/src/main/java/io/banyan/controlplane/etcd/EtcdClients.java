package io.banyan.controlplane.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLException;

/**
 * The jetcd client to etcd: endpoints, TLS (the CA etcd's certificate chains to, a client certificate) and user and
 * password auth. Kept apart from the store, whose state is plain Java: the TLS set-up is Netty's.
 */
public final class EtcdClients {

    /** The largest answer taken from etcd (a page of the store's entries, a watch batch): 32 MiB. */
    static final int MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

    private EtcdClients() {
    }

    /**
     * A client of {@code endpoints}; {@code caFile}, {@code certFile} with {@code keyFile}, {@code user} with
     * {@code password} may each be null (not used).
     *
     * @throws IllegalArgumentException when the TLS files cannot be used, naming the flags
     */
    public static Client connect(List<URI> endpoints, Path caFile, Path certFile, Path keyFile, String user,
            String password, Duration connectTimeout) {
        ClientBuilder builder = Client.builder().endpoints(endpoints.toArray(URI[]::new))
                .maxInboundMessageSize(MAX_MESSAGE_BYTES).connectTimeout(connectTimeout)
                .retryMaxAttempts(2).retryDelay(100).retryMaxDelay(1000);
        if (caFile != null || certFile != null) {
            try {
                builder.sslContext(ssl -> {
                    if (caFile != null) {
                        ssl.trustManager(caFile.toFile());
                    }
                    if (certFile != null) {
                        ssl.keyManager(certFile.toFile(), keyFile.toFile());
                    }
                });
            } catch (SSLException | IllegalArgumentException e) {
                throw new IllegalArgumentException("etcd-ca-file, etcd-cert-file, etcd-key-file: cannot be used for"
                        + " TLS to etcd (" + e.getMessage() + ")", e);
            }
        }
        if (user != null) {
            builder.user(bytes(user)).password(bytes(password));
        }
        return builder.build();
    }

    private static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }
}
