package io.banyan.api.ca;

import java.util.Locale;
import java.util.Optional;

/**
 * The parts of a join token as a sidecar sees it: {@code <id>.<secret>.<ca-fingerprint>}, where the
 * fingerprint is the lower-case hex SHA-256 of the DER of the control plane's root CA (as
 * {@code kubeadm join --discovery-token-ca-cert-hash} pins the cluster CA). The whole text is sent as
 * the bearer token; the fingerprint lets the sidecar trust the control plane's TLS certificate before it
 * has the trust bundle. A token without the third part pins nothing (plaintext control planes only).
 */
public record JoinTokenText(String text, Optional<String> caFingerprint) {

    public static JoinTokenText parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("token: empty (expected: a join token from POST /v1/tokens)");
        }
        String[] parts = text.split("\\.");
        if (parts.length < 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new IllegalArgumentException("token: malformed (expected: <id>.<secret>[.<ca-sha256>])");
        }
        if (parts.length < 3) {
            return new JoinTokenText(text, Optional.empty());
        }
        String fingerprint = parts[2].toLowerCase(Locale.ROOT);
        if (!fingerprint.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("token: CA fingerprint '" + parts[2]
                    + "' (expected: 64 hex digits, the SHA-256 of the root CA)");
        }
        return new JoinTokenText(text, Optional.of(fingerprint));
    }
}
