package io.banyan.primitives.name;

import java.util.regex.Pattern;

/**
 * The one trust-domain rule: the authority of {@code spiffe://<trust-domain>}, 1..255 lower-case letters, digits,
 * '.' or '-', starting and ending with a letter or digit. Checked by the CA, the control plane and the sidecar alike.
 */
public final class TrustDomain {

    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,253}[a-z0-9])?");

    private TrustDomain() {
    }

    /** Returns {@code trustDomain} if it is valid, else throws an {@link IllegalArgumentException} naming the field. */
    public static String check(String trustDomain, String field) {
        if (trustDomain == null || !DOMAIN.matcher(trustDomain).matches()) {
            throw new IllegalArgumentException(field + ": '" + trustDomain
                    + "' (expected: lower-case letters, digits, '.' and '-', as in spiffe://<trust-domain>)");
        }
        return trustDomain;
    }
}
