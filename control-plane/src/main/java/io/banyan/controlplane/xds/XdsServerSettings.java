package io.banyan.controlplane.xds;

import io.grpc.ServerCredentials;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how the gRPC endpoint (ADS, registration, CA) listens. {@code credentials} is its TLS: the control
 * plane always passes {@code io.banyan.controlplane.ca.ServerTls#credentials} (its CA-issued certificate,
 * client certificates optional but checked against the trust bundle); there is no plaintext mode.
 *
 * @param bindAddress   address to bind (0.0.0.0 for all)
 * @param port          port to bind; 0 picks a free one
 * @param credentials   transport security of the server
 * @param shutdownGrace how long {@code close} waits for calls to finish before cancelling them
 */
public record XdsServerSettings(String bindAddress, int port, ServerCredentials credentials, Duration shutdownGrace) {

    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(5);

    public XdsServerSettings {
        bindAddress = bindAddress == null || bindAddress.isEmpty() ? "0.0.0.0" : bindAddress;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("xds-port: " + port + " (expected: 0..65535)");
        }
        Objects.requireNonNull(credentials, "credentials");
        shutdownGrace = shutdownGrace == null ? DEFAULT_SHUTDOWN_GRACE : shutdownGrace;
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("shutdownGrace: " + shutdownGrace + " (expected: >= 0)");
        }
    }
}
