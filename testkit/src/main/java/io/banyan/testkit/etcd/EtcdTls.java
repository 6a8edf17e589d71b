package io.banyan.testkit.etcd;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Client TLS of an {@link EtcdCluster}: each member serves {@code https://localhost:PORT} with {@code certificateFile}
 * and {@code keyFile} (a certificate naming {@code localhost}) and requires a client certificate that chains to
 * {@code trustedCaFile}.
 */
public record EtcdTls(Path trustedCaFile, Path certificateFile, Path keyFile) {

    public EtcdTls {
        Objects.requireNonNull(trustedCaFile, "trustedCaFile");
        Objects.requireNonNull(certificateFile, "certificateFile");
        Objects.requireNonNull(keyFile, "keyFile");
    }

    List<String> flags() {
        return List.of("--cert-file", certificateFile.toString(), "--key-file", keyFile.toString(),
                "--trusted-ca-file", trustedCaFile.toString(), "--client-cert-auth");
    }
}
