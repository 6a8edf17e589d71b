package io.banyan.sidecar;

import io.banyan.primitives.check.Checks;
import io.banyan.sidecar.tls.CertificateFiles;
import io.netty.util.NetUtil;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What makes a sidecar an edge gateway ({@code banyan gateway}): no app, no inbound listener, no registration; one
 * listener where clients outside the mesh connect, with the routes {@code gateway|<name>} (the name is the
 * sidecar's service, so its identity is {@code svc/<name>}), terminating TLS when it has certificates.
 *
 * @param listenAddress     the IP address the listener binds (may be non-loopback, e.g. 0.0.0.0 or ::)
 * @param listenPort        its port, 0 for any free port (tests)
 * @param certificates      certificate and key files; the client's SNI name chooses among them by their DNS names,
 *                          the first is the default; empty: plaintext (HTTP/1.1 and h2c with prior knowledge)
 * @param certificateReload how often the files are checked for changes (modification time and size; default 5s)
 * @param jwksCaFile        PEM CA certificates trusted, besides the system CAs, for HTTPS JWKS URLs
 *                          ({@code --jwks-ca-file}); null: the system CAs only
 */
public record GatewaySettings(String listenAddress, int listenPort, List<CertificateFiles> certificates,
                              Duration certificateReload, Path jwksCaFile) {

    public static final Duration DEFAULT_CERTIFICATE_RELOAD = Duration.ofSeconds(5);
    private static final String LISTEN_EXPECTED = "IP:PORT, e.g. 0.0.0.0:8080 or [::]:8443, port 0..65535";

    public GatewaySettings {
        if (listenAddress == null || !NetUtil.isValidIpV4Address(listenAddress)
                && !NetUtil.isValidIpV6Address(listenAddress)) {
            throw new IllegalArgumentException("listen: '" + listenAddress + "' (expected: an IP address, e.g. 0.0.0.0)");
        }
        if (listenPort < 0 || listenPort > 65535) {
            throw new IllegalArgumentException("listen: port " + listenPort + " (expected: 0..65535)");
        }
        certificates = List.copyOf(Objects.requireNonNull(certificates, "tls-cert"));
        Checks.positive(certificateReload, "tls-reload-interval");
    }

    /** Trusting the system CAs only for HTTPS JWKS URLs. */
    public GatewaySettings(String listenAddress, int listenPort, List<CertificateFiles> certificates,
                           Duration certificateReload) {
        this(listenAddress, listenPort, certificates, certificateReload, null);
    }

    /** These settings trusting also the CA certificates of {@code caFile} (PEM) for HTTPS JWKS URLs. */
    public GatewaySettings withJwksCaFile(Path caFile) {
        return new GatewaySettings(listenAddress, listenPort, certificates, certificateReload, caFile);
    }

    /** Plaintext on {@code listenAddress:listenPort}. */
    public static GatewaySettings plaintext(String listenAddress, int listenPort) {
        return new GatewaySettings(listenAddress, listenPort, List.of(), DEFAULT_CERTIFICATE_RELOAD);
    }

    /**
     * Reads {@code --listen}: {@code IP:PORT}, an IPv6 address in brackets ({@code [::]:8443}).
     *
     * @throws IllegalArgumentException naming the field and what was expected
     */
    public static GatewaySettings parseListen(String listen, List<CertificateFiles> certificates,
                                              Duration certificateReload) {
        String value = listen == null ? "" : listen.trim();
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException("listen: '" + listen + "' (expected: " + LISTEN_EXPECTED + ")");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("listen: '" + listen + "' (expected: " + LISTEN_EXPECTED + ")");
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("listen: '" + listen + "' (expected: " + LISTEN_EXPECTED + ")");
        }
        return new GatewaySettings(host, port, certificates,
                certificateReload == null ? DEFAULT_CERTIFICATE_RELOAD : certificateReload);
    }

    /** Whether the listener terminates TLS. */
    public boolean tls() {
        return !certificates.isEmpty();
    }
}
