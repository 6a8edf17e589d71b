package io.banyan.sidecar.edge;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.banyan.dataplane.config.JwtProviderSettings;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * Checks tokens of one issuer: a compact JWS (never {@code alg: none}, never an HMAC) signed with RS256, ES256 (P-256)
 * or EdDSA (Ed25519, with the JDK's own implementation: nimbus needs Google Tink for it) by a key of the issuer's JWKS,
 * chosen by {@code kid} (an unknown one asks the source for a reload, rate-limited), then {@code iss}, {@code exp} and
 * {@code nbf} (with the provider's skew, on the injected wall clock), then {@code aud}. The signature is CPU work done on
 * the caller's thread; waiting for keys is a future.
 */
final class JwtVerifier {

    private static final int MAX_TOKEN_LENGTH = 8192;
    private static final int MAX_CLAIM_VALUE = 1024;
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA);
    private static final Pattern HEADER_VALUE = Pattern.compile("[\\x20-\\x7e]*");

    private final JwtProviderSettings provider;
    private final JwksSource keys;
    private final Clock clock;

    JwtVerifier(JwtProviderSettings provider, JwksSource keys, Clock clock) {
        this.provider = provider;
        this.keys = keys;
        this.clock = clock;
    }

    JwtProviderSettings provider() {
        return provider;
    }

    CompletableFuture<JwtOutcome> verify(String token) {
        SignedJWT jwt;
        try {
            if (token.length() > MAX_TOKEN_LENGTH) {
                return done(new JwtOutcome.Invalid("token longer than " + MAX_TOKEN_LENGTH + " characters"));
            }
            jwt = SignedJWT.parse(token);
        } catch (java.text.ParseException e) {
            return done(new JwtOutcome.Invalid("malformed token"));
        }
        if (!ALGORITHMS.contains(jwt.getHeader().getAlgorithm())) {
            return done(new JwtOutcome.Invalid("algorithm " + jwt.getHeader().getAlgorithm()
                    + " (expected: RS256, ES256 or EdDSA)"));
        }
        JWKSet current = keys.current();
        if (current == null) {
            return keys.firstLoad().thenApply(loaded -> loaded == null ? new JwtOutcome.KeysUnavailable()
                    : check(jwt, loaded));
        }
        String kid = jwt.getHeader().getKeyID();
        if (kid != null && current.getKeyByKeyId(kid) == null) {
            return keys.reloadForUnknownKey()
                    .map(reload -> reload.thenApply(reloaded -> reloaded == null ? new JwtOutcome.KeysUnavailable()
                            : check(jwt, reloaded)))
                    .orElseGet(() -> done(new JwtOutcome.Invalid("unknown key id")));
        }
        return done(check(jwt, current));
    }

    private JwtOutcome check(SignedJWT jwt, JWKSet set) {
        String kid = jwt.getHeader().getKeyID();
        List<JWK> candidates = kid != null ? (set.getKeyByKeyId(kid) == null ? List.of() : List.of(set.getKeyByKeyId(kid)))
                : set.getKeys();
        if (candidates.isEmpty()) {
            return new JwtOutcome.Invalid("unknown key id");
        }
        boolean signed = false;
        for (JWK key : candidates.subList(0, Math.min(candidates.size(), 16))) {
            if (signedBy(jwt, key)) {
                signed = true;
                break;
            }
        }
        if (!signed) {
            return new JwtOutcome.Invalid("bad signature");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (java.text.ParseException e) {
            return new JwtOutcome.Invalid("malformed claims");
        }
        return claims(claims);
    }

    private JwtOutcome claims(JWTClaimsSet claims) {
        if (!provider.issuer().equals(claims.getIssuer())) {
            return new JwtOutcome.Invalid("issuer");
        }
        Instant now = clock.instant();
        Date expires = claims.getExpirationTime();
        if (expires != null && !now.minus(provider.clockSkew()).isBefore(expires.toInstant())) {
            return new JwtOutcome.Invalid("expired");
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && now.plus(provider.clockSkew()).isBefore(notBefore.toInstant())) {
            return new JwtOutcome.Invalid("not yet valid");
        }
        if (!provider.audiences().isEmpty()
                && claims.getAudience().stream().noneMatch(provider.audiences()::contains)) {
            return new JwtOutcome.NotPermitted("audience");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        provider.claimsToHeaders().forEach((claim, header) -> {
            Object value = claims.getClaim(claim);
            if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                String text = value.toString();
                if (text.length() <= MAX_CLAIM_VALUE && HEADER_VALUE.matcher(text).matches()) {
                    headers.put(header, text); // a claim that is no valid header value is not copied
                }
            }
        });
        return new JwtOutcome.Verified(claims.getSubject(), headers);
    }

    private static boolean signedBy(SignedJWT jwt, JWK key) {
        if (key.getKeyUse() != null && key.getKeyUse() != KeyUse.SIGNATURE) {
            return false;
        }
        if (key.getAlgorithm() != null && !key.getAlgorithm().equals(jwt.getHeader().getAlgorithm())) {
            return false;
        }
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        try {
            if (alg.equals(JWSAlgorithm.RS256) && key instanceof RSAKey rsa) {
                return jwt.verify(new RSASSAVerifier(rsa));
            }
            if (alg.equals(JWSAlgorithm.ES256) && key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
                return jwt.verify(new ECDSAVerifier(ec));
            }
            if (alg.equals(JWSAlgorithm.EdDSA) && key instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
                return Ed25519.verify(okp, jwt.getSigningInput(), jwt.getSignature().decode());
            }
            return false;
        } catch (JOSEException | IllegalStateException e) {
            return false;
        }
    }

    private static CompletableFuture<JwtOutcome> done(JwtOutcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }
}
