package io.banyan.sidecar.tls;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Reads the {@code spiffe://} URI SANs of a certificate (the JDK parser: no Bouncy Castle here). */
final class SpiffeIds {

    private static final int URI_SAN = 6;
    private static final String SCHEME = "spiffe://";

    private SpiffeIds() {
    }

    /** Every {@code spiffe://} URI SAN of the certificate, in order; empty when it has none. */
    static List<String> of(X509Certificate certificate) {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return List.of();
        }
        if (names == null) {
            return List.of();
        }
        List<String> result = new ArrayList<>();
        for (List<?> name : names) {
            if (name.size() >= 2 && Integer.valueOf(URI_SAN).equals(name.get(0))
                    && name.get(1) instanceof String uri && uri.startsWith(SCHEME)) {
                result.add(uri);
            }
        }
        return List.copyOf(result);
    }

    /** The one workload id ({@code spiffe://<td>/svc/<service>}) of a certificate, if it has exactly one. */
    static Optional<String> workloadId(X509Certificate certificate) {
        List<String> ids = of(certificate).stream().filter(uri -> uri.indexOf("/svc/", SCHEME.length()) > 0).toList();
        return ids.size() == 1 ? Optional.of(ids.get(0)) : Optional.empty();
    }
}
