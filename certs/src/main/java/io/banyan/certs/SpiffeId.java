package io.banyan.certs;

import io.banyan.primitives.name.ServiceName;
import io.banyan.primitives.name.TrustDomain;

import java.net.URI;

/**
 * A workload identity: {@code spiffe://<trust-domain>/svc/<service>}.
 *
 * @param trustDomain lower-case letters, digits, '.' and '-'
 * @param service     a DNS label
 */
public record SpiffeId(String trustDomain, String service) {

    private static final String SCHEME_PREFIX = "spiffe://";
    private static final String SERVICE_SEGMENT = "/svc/";

    public SpiffeId {
        checkTrustDomain(trustDomain);
        ServiceName.check(service, "service");
    }

    /** Parses {@code spiffe://mesh.local/svc/orders}. */
    public static SpiffeId parse(String text) {
        if (text == null || !text.startsWith(SCHEME_PREFIX)) {
            throw new IllegalArgumentException("spiffe-id: '" + text + "' (expected: spiffe://<trust-domain>/svc/<service>)");
        }
        String rest = text.substring(SCHEME_PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash < 0 || !rest.startsWith(SERVICE_SEGMENT, slash)) {
            throw new IllegalArgumentException("spiffe-id: '" + text + "' (expected: spiffe://<trust-domain>/svc/<service>)");
        }
        return new SpiffeId(rest.substring(0, slash), rest.substring(slash + SERVICE_SEGMENT.length()));
    }

    /** The trust domain's own id, {@code spiffe://mesh.local}, as put on CA certificates. */
    public static String trustDomainUri(String trustDomain) {
        checkTrustDomain(trustDomain);
        return SCHEME_PREFIX + trustDomain;
    }

    static void checkTrustDomain(String trustDomain) {
        TrustDomain.check(trustDomain, "trust-domain");
    }

    public URI toUri() {
        return URI.create(toString());
    }

    @Override
    public String toString() {
        return SCHEME_PREFIX + trustDomain + SERVICE_SEGMENT + service;
    }
}
