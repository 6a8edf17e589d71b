package io.banyan.controlplane.route.edge;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.banyan.primitives.time.Durations;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JWT in {@code Authorization: Bearer …}, verified against the keys of {@code jwksFile} (re-read when it changes) or
 * {@code jwksUri} (HTTPS, re-fetched every {@code jwksRefresh} and on an unknown key id): signed by one of them
 * (RS256, ES256 or EdDSA), {@code iss} = {@code issuer}, {@code aud} naming one of {@code audiences} (any when
 * absent), not expired (60 s of skew). {@code claimsToHeaders} copies claims to request headers (incoming headers of
 * those names are always removed first). {@code required: false} lets requests without a token through (one with a
 * bad token is still refused). The token is removed before the upstream unless {@code forwardToken}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JwtAuth(String issuer, List<String> audiences, String jwksFile, String jwksUri, Duration jwksRefresh,
                      Map<String, String> claimsToHeaders, Boolean required, Boolean forwardToken) {

    public static final Duration DEFAULT_REFRESH = Duration.ofMinutes(5);
    private static final Duration MIN_REFRESH = Duration.ofSeconds(30);
    private static final Duration MAX_REFRESH = Duration.ofDays(1);
    private static final int MAX_AUDIENCES = 16;
    private static final int MAX_CLAIM_HEADERS = 16;
    /** Headers a claim may not be copied into: the gateway's own, hop-by-hop and routing headers. */
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "authorization", "connection", "content-length",
            "transfer-encoding", "te", "upgrade", "keep-alive", "proxy-authorization", "cookie");

    public JwtAuth {
        EdgeCheck.nonEmpty("auth.jwt.issuer", issuer, 1024);
        audiences = EdgeCheck.list("auth.jwt.audiences", audiences, MAX_AUDIENCES,
                (path, audience) -> EdgeCheck.nonEmpty(path, audience, 1024));
        if ((jwksFile == null) == (jwksUri == null)) {
            throw EdgeCheck.invalid("auth.jwt", (jwksFile == null ? "neither" : "both") + " jwksFile and jwksUri"
                    + " (expected: exactly one)");
        }
        if (jwksFile != null && !Path.of(jwksFile).isAbsolute()) {
            throw EdgeCheck.invalid("auth.jwt.jwksFile", EdgeCheck.quote(jwksFile) + " (expected: an absolute path)");
        }
        if (jwksUri != null) {
            httpsUri(jwksUri);
        }
        jwksRefresh = EdgeCheck.orDefault(jwksRefresh, DEFAULT_REFRESH);
        if (jwksRefresh.compareTo(MIN_REFRESH) < 0 || jwksRefresh.compareTo(MAX_REFRESH) > 0) {
            throw EdgeCheck.invalid("auth.jwt.jwksRefresh", Durations.format(jwksRefresh) + " (expected: "
                    + Durations.format(MIN_REFRESH) + ".." + Durations.format(MAX_REFRESH) + ")");
        }
        claimsToHeaders = claimHeaders(EdgeCheck.orDefault(claimsToHeaders, Map.of()));
        required = EdgeCheck.orDefault(required, true);
        forwardToken = EdgeCheck.orDefault(forwardToken, false);
    }

    private static void httpsUri(String value) {
        try {
            URI uri = new URI(value);
            if ("https".equals(uri.getScheme()) && uri.getHost() != null && uri.getUserInfo() == null
                    && uri.getFragment() == null) {
                return;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw EdgeCheck.invalid("auth.jwt.jwksUri", EdgeCheck.quote(value) + " (expected: an https:// URL with a host)");
    }

    private static Map<String, String> claimHeaders(Map<String, String> claims) {
        if (claims.size() > MAX_CLAIM_HEADERS) {
            throw EdgeCheck.invalid("auth.jwt.claimsToHeaders", claims.size() + " entries (expected: at most "
                    + MAX_CLAIM_HEADERS + ")");
        }
        Map<String, String> copy = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : claims.entrySet()) {
            String path = "auth.jwt.claimsToHeaders." + entry.getKey();
            EdgeCheck.nonEmpty(path, entry.getKey(), 128);
            String header = EdgeCheck.header(path, entry.getValue());
            if (RESERVED_HEADERS.contains(header) || header.startsWith("x-banyan-")) {
                throw EdgeCheck.invalid(path, EdgeCheck.quote(header) + " (expected: a header other than "
                        + "x-banyan-*, authorization, cookie, host and hop-by-hop headers)");
            }
            if (copy.containsValue(header)) {
                throw EdgeCheck.invalid(path, EdgeCheck.quote(header) + " (expected: one claim per header)");
            }
            copy.put(entry.getKey(), header);
        }
        return java.util.Collections.unmodifiableMap(copy);
    }
}
