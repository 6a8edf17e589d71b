package io.banyan.controlplane.store;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;

import javax.net.ssl.SSLException;

/** The jetcd client the settings describe: endpoints, TLS (CA, client certificate), user and password. */
final class EtcdClients {

    private EtcdClients() {
    }

    static Client connect(EtcdStoreSettings settings) {
        ClientBuilder builder = Client.builder().endpoints(settings.endpoints().toArray(java.net.URI[]::new))
                .connectTimeout(settings.timeout()).retryMaxAttempts(2).retryDelay(100).retryMaxDelay(1000);
        if (settings.caFile() != null || settings.certFile() != null) {
            try {
                builder.sslContext(ssl -> {
                    if (settings.caFile() != null) {
                        ssl.trustManager(settings.caFile().toFile());
                    }
                    if (settings.certFile() != null) {
                        ssl.keyManager(settings.certFile().toFile(), settings.keyFile().toFile());
                    }
                });
            } catch (SSLException | IllegalArgumentException e) {
                throw new StoreException("etcd-ca-file / etcd-cert-file / etcd-key-file: cannot be used for TLS to etcd ("
                        + e.getMessage() + ")", e);
            }
        }
        if (settings.user() != null) {
            builder.user(EtcdKeys.bytes(settings.user())).password(EtcdKeys.bytes(settings.password()));
        }
        return builder.build();
    }
}
