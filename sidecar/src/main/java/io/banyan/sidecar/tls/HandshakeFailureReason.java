package io.banyan.sidecar.tls;

import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;

/** Sorts a TLS handshake failure into one metric tag value, from the exception chain the engine reports. */
public final class HandshakeFailureReason {

    public static final String PEER_MISMATCH = "peer_mismatch";
    public static final String EXPIRED = "expired";
    public static final String NOT_YET_VALID = "not_yet_valid";
    public static final String USAGE = "usage";
    public static final String UNTRUSTED = "untrusted";
    public static final String NO_CERTIFICATE = "no_certificate";
    public static final String REJECTED_BY_PEER = "rejected_by_peer";
    public static final String NOT_TLS = "not_tls";
    public static final String OTHER = "other";

    private HandshakeFailureReason() {
    }

    public static String of(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PeerIdentityMismatchException) {
                return PEER_MISMATCH;
            }
            if (t instanceof CertificateExpiredException) {
                return EXPIRED;
            }
            if (t instanceof CertificateNotYetValidException) {
                return NOT_YET_VALID;
            }
            if (t instanceof CertPathValidatorException path) {
                if (path.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
                    return EXPIRED;
                }
                if (path.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                    return NOT_YET_VALID;
                }
            }
            if (t.getClass().getSimpleName().equals("NotSslRecordException")) {
                return NOT_TLS;
            }
            messages.append(' ').append(t.getClass().getSimpleName()).append(' ').append(t.getMessage());
        }
        String text = messages.toString().toLowerCase(Locale.ROOT);
        if (text.contains("key usage") || text.contains("keyusage")) {
            return USAGE;
        }
        if (text.contains("did_not_return_a_certificate") || text.contains("no certificate")
                || text.contains("empty client certificate") || text.contains("null cert chain")
                || text.contains("certificate_required") || text.contains("peer sent no certificates")) {
            return NO_CERTIFICATE;
        }
        if (text.contains("certpathvalidatorexception") || text.contains("certpathbuilder")
                || text.contains("unable to find valid certification path") || text.contains("signature check failed")) {
            return UNTRUSTED;
        }
        if (text.contains("alert") || text.contains("certificate_unknown") || text.contains("bad_certificate")
                || text.contains("unknown_ca") || text.contains("certificate_expired")) {
            return REJECTED_BY_PEER;
        }
        return OTHER;
    }
}
