package io.banyan.certs;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * What an operator wants to see of a certificate ({@code banyan certs inspect}).
 *
 * @param subject            subject distinguished name
 * @param issuer             issuer distinguished name
 * @param serial             serial number, hex
 * @param sans               subject alternative names as {@code URI:...}, {@code DNS:...}, {@code IP:...}
 * @param notBefore          start of validity
 * @param notAfter           end of validity
 * @param sha256Fingerprint  SHA-256 of the DER encoding, hex pairs separated by ':'
 * @param keyUsages          key usage names (digitalSignature, keyCertSign, ...)
 * @param extendedKeyUsages  serverAuth, clientAuth, or the OID
 * @param ca                 basicConstraints CA
 * @param publicKeyAlgorithm e.g. EC
 */
public record CertificateInfo(String subject, String issuer, String serial, List<String> sans, Instant notBefore,
                              Instant notAfter, String sha256Fingerprint, List<String> keyUsages,
                              List<String> extendedKeyUsages, boolean ca, String publicKeyAlgorithm) {

    private static final String[] KEY_USAGE_NAMES = {"digitalSignature", "nonRepudiation", "keyEncipherment",
        "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"};
    private static final Map<String, String> EKU_NAMES = Map.of(
            "1.3.6.1.5.5.7.3.1", "serverAuth",
            "1.3.6.1.5.5.7.3.2", "clientAuth");
    private static final Map<Integer, String> SAN_TYPES = Map.of(1, "email", 2, "DNS", 6, "URI", 7, "IP");

    public CertificateInfo {
        sans = List.copyOf(sans);
        keyUsages = List.copyOf(keyUsages);
        extendedKeyUsages = List.copyOf(extendedKeyUsages);
    }

    public static CertificateInfo of(X509Certificate certificate) {
        return new CertificateInfo(
                certificate.getSubjectX500Principal().getName(),
                certificate.getIssuerX500Principal().getName(),
                certificate.getSerialNumber().toString(16),
                sans(certificate),
                certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant(),
                fingerprint(certificate),
                keyUsages(certificate),
                extendedKeyUsages(certificate),
                certificate.getBasicConstraints() >= 0,
                certificate.getPublicKey().getAlgorithm());
    }

    /** The URI SANs only, without the {@code URI:} prefix. */
    public List<String> uris() {
        return sans.stream().filter(san -> san.startsWith("URI:")).map(san -> san.substring(4)).toList();
    }

    /** Human-readable, one field a line. */
    public String format() {
        return "subject:      " + subject + "\n"
                + "issuer:       " + issuer + "\n"
                + "serial:       " + serial + "\n"
                + "SANs:         " + String.join(", ", sans) + "\n"
                + "not before:   " + notBefore + "\n"
                + "not after:    " + notAfter + "\n"
                + "SHA-256:      " + sha256Fingerprint + "\n"
                + "key usage:    " + String.join(", ", keyUsages) + "\n"
                + "ext key usage:" + (extendedKeyUsages.isEmpty() ? "" : " " + String.join(", ", extendedKeyUsages)) + "\n"
                + "CA:           " + ca + "\n"
                + "public key:   " + publicKeyAlgorithm + "\n";
    }

    private static List<String> sans(X509Certificate certificate) {
        try {
            var names = certificate.getSubjectAlternativeNames();
            if (names == null) {
                return List.of();
            }
            List<String> result = new ArrayList<>();
            for (List<?> name : names) {
                String type = SAN_TYPES.getOrDefault((Integer) name.get(0), "type" + name.get(0));
                result.add(type + ":" + name.get(1));
            }
            return result;
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("certificate: unreadable SAN extension (" + e.getMessage() + ")", e);
        }
    }

    private static List<String> keyUsages(X509Certificate certificate) {
        boolean[] bits = certificate.getKeyUsage();
        List<String> result = new ArrayList<>();
        for (int i = 0; bits != null && i < bits.length && i < KEY_USAGE_NAMES.length; i++) {
            if (bits[i]) {
                result.add(KEY_USAGE_NAMES[i]);
            }
        }
        return result;
    }

    private static List<String> extendedKeyUsages(X509Certificate certificate) {
        try {
            List<String> oids = certificate.getExtendedKeyUsage();
            return oids == null ? List.of() : oids.stream().map(oid -> EKU_NAMES.getOrDefault(oid, oid)).toList();
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("certificate: unreadable EKU extension (" + e.getMessage() + ")", e);
        }
    }

    private static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint certificate", e);
        }
    }
}
