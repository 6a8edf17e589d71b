package io.banyan.dataplane.config;

import io.banyan.primitives.check.Checks;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One JWT issuer a gateway trusts (Envoy's {@code JwtProvider}): tokens from {@code Authorization: Bearer}, signed by
 * a key of the JWKS in {@code jwksFile} or at {@code jwksUri} (exactly one; the URI re-fetched every
 * {@code jwksRefresh}), {@code iss} equal to {@code issuer}, {@code aud} naming one of {@code audiences} (not checked
 * when empty), {@code exp}/{@code nbf} honoured with {@code clockSkew}. {@code claimsToHeaders}: claim → request header.
 * {@code forward}: keep the token for the upstream.
 */
public record JwtProviderSettings(String name, String issuer, List<String> audiences, Path jwksFile, URI jwksUri,
                                  Duration jwksRefresh, Map<String, String> claimsToHeaders, boolean forward,
                                  Duration clockSkew) {

    public JwtProviderSettings {
        Checks.nonEmpty(name, "name");
        Checks.nonEmpty(issuer, "issuer");
        audiences = List.copyOf(audiences);
        if ((jwksFile == null) == (jwksUri == null)) {
            throw new IllegalArgumentException("jwks: " + (jwksFile == null ? "none" : "both a file and a URI")
                    + " (expected: local_jwks.filename or remote_jwks.http_uri)");
        }
        if (jwksUri != null && !"https".equals(jwksUri.getScheme())) {
            throw new IllegalArgumentException("jwksUri: " + jwksUri + " (expected: an https:// URL)");
        }
        Checks.positive(jwksRefresh, "jwksRefresh");
        claimsToHeaders = Map.copyOf(claimsToHeaders);
        Checks.nonNegative(clockSkew, "clockSkew");
    }
}
