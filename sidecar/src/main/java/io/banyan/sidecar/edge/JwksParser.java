package io.banyan.sidecar.edge;

import com.nimbusds.jose.jwk.JWKSet;

import java.text.ParseException;

/** A JWKS document to its public keys only (a private member is never kept). */
final class JwksParser {

    /** The largest JWKS document read: 256 KiB, far above any issuer's handful of keys. */
    static final int MAX_BYTES = 256 * 1024;

    private JwksParser() {
    }

    static JWKSet parse(String json) throws ParseException {
        return JWKSet.parse(json).toPublicJWKSet();
    }
}
