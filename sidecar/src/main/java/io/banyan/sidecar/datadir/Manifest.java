package io.banyan.sidecar.datadir;

import java.util.Objects;
import java.util.Optional;

/**
 * Whose data dir it is: a data dir of another service, another mesh (trust domain) or another CA is foreign, and
 * nothing in it is used.
 *
 * @param format        the layout's version, {@value #FORMAT}
 * @param service       the service (or gateway name) the sidecar runs for
 * @param trustDomain   the mesh's SPIFFE trust domain
 * @param caFingerprint the SHA-256 of the CA the join token pins (64 hex digits)
 */
public record Manifest(int format, String service, String trustDomain, String caFingerprint) {

    public static final int FORMAT = 1;

    public Manifest {
        if (format < 1) {
            throw new IllegalArgumentException("format: " + format + " (expected: >= 1)");
        }
        requireText(service, "service");
        requireText(trustDomain, "trustDomain");
        requireText(caFingerprint, "caFingerprint");
    }

    /** This sidecar's manifest in the current format. */
    public static Manifest of(String service, String trustDomain, String caFingerprint) {
        return new Manifest(FORMAT, service, trustDomain, caFingerprint);
    }

    /** Why {@code found} is not this sidecar's, or empty when it is. */
    public Optional<String> mismatch(Manifest found) {
        if (found.format != format) {
            return Optional.of("format " + found.format + " (expected: " + format + ")");
        }
        if (!found.service.equals(service)) {
            return Optional.of("service '" + found.service + "' (expected: '" + service + "')");
        }
        if (!found.trustDomain.equals(trustDomain)) {
            return Optional.of("trust domain '" + found.trustDomain + "' (expected: '" + trustDomain + "')");
        }
        if (!found.caFingerprint.equalsIgnoreCase(caFingerprint)) {
            return Optional.of("CA sha256 " + found.caFingerprint + " (expected: the join token's " + caFingerprint
                    + ")");
        }
        return Optional.empty();
    }

    private static void requireText(String value, String field) {
        if (Objects.requireNonNull(value, field).isBlank()) {
            throw new IllegalArgumentException(field + ": '' (expected: a non-empty value)");
        }
    }
}
