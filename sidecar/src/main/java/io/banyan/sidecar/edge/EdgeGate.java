package io.banyan.sidecar.edge;

import io.banyan.api.xds.EdgeFilters;
import io.banyan.dataplane.config.ApiKeySettings;
import io.banyan.dataplane.config.EdgeListenerSettings;
import io.banyan.dataplane.config.EdgeRouteSettings;
import io.banyan.dataplane.config.JwtRequirementSettings;
import io.banyan.sidecar.core.ErrorCause;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A gateway listener's end-user policy, applied per request with its route's settings, in Envoy's filter order: CORS
 * (a preflight from an allowed origin is answered here, before any credential is asked for), JWT, API key, the
 * client's rate limit, the declared body size. The incoming copies of every header the gate sets are always removed,
 * whatever the outcome. Fails closed: a route naming a JWT requirement the listener lacks is 401.
 */
public final class EdgeGate {

    static final String REALM = "realm=\"banyan\"";
    private static final String AUTHORIZATION = "authorization";

    private final EdgeListenerSettings listener;
    private final JwtVerifiers verifiers;
    private final ClientBuckets buckets;
    private final Map<ApiKeySettings, ApiKeyMatcher> apiKeys = new ConcurrentHashMap<>();

    public EdgeGate(EdgeListenerSettings listener, JwtVerifiers verifiers, ClientBuckets buckets) {
        this.listener = listener;
        this.verifiers = verifiers;
        this.buckets = buckets;
    }

    /** The decision for {@code request} on a route with {@code route}; completed at once unless keys are being loaded. */
    public CompletableFuture<EdgeDecision> decide(EdgeRouteSettings route, EdgeRequest request) {
        if (route.isEmpty()) {
            return CompletableFuture.completedFuture(EdgeDecision.Proceed.UNCHANGED);
        }
        Pass pass = new Pass(route, request);
        String origin = request.header(CorsAnswers.ORIGIN);
        if (route.cors() != null && origin != null && route.cors().allows(origin)) {
            if (CorsAnswers.isPreflight(request)) {
                return CompletableFuture.completedFuture(new EdgeDecision.Preflight(CorsAnswers.preflight(route.cors(), origin)));
            }
            pass.responseHeaders.putAll(CorsAnswers.actual(route.cors(), origin));
        }
        if (route.jwtRequirement() == null) {
            return CompletableFuture.completedFuture(pass.afterJwt(null));
        }
        JwtRequirementSettings requirement = listener.jwtRequirements().get(route.jwtRequirement());
        if (requirement == null) {
            return CompletableFuture.completedFuture(unauthenticated("Bearer " + REALM + ", error=\"invalid_token\""));
        }
        requirement.provider().claimsToHeaders().values().forEach(pass.removeHeaders::add);
        String token = bearer(request.header(AUTHORIZATION));
        if (token == null) {
            return CompletableFuture.completedFuture(requirement.allowMissing() ? pass.afterJwt(null)
                    : unauthenticated("Bearer " + REALM));
        }
        if (!requirement.provider().forward()) {
            pass.removeHeaders.add(AUTHORIZATION);
        }
        return verifiers.of(requirement.provider()).verify(token).thenApply(outcome -> {
            if (outcome instanceof JwtOutcome.Verified verified) {
                pass.setHeaders.putAll(verified.claimHeaders());
                return pass.afterJwt(verified.subject());
            }
            if (outcome instanceof JwtOutcome.NotPermitted) {
                return new EdgeDecision.Reject(ErrorCause.FORBIDDEN,
                        Map.of("www-authenticate", "Bearer " + REALM + ", error=\"insufficient_scope\""));
            }
            if (outcome instanceof JwtOutcome.KeysUnavailable) {
                return new EdgeDecision.Reject(ErrorCause.JWKS_UNAVAILABLE, Map.of("retry-after", "1"));
            }
            return unauthenticated("Bearer " + REALM + ", error=\"invalid_token\"");
        });
    }

    /** The token of {@code Authorization: Bearer <token>} (scheme case-insensitive), or {@code null}. */
    static String bearer(String authorization) {
        if (authorization == null || authorization.length() < 8 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    private static EdgeDecision.Reject unauthenticated(String challenge) {
        return new EdgeDecision.Reject(ErrorCause.UNAUTHENTICATED, Map.of("www-authenticate", challenge));
    }

    /** One request's way through the gate, after CORS. */
    private final class Pass {

        private final EdgeRouteSettings route;
        private final EdgeRequest request;
        private final List<String> removeHeaders = new ArrayList<>();
        private final Map<String, String> setHeaders = new LinkedHashMap<>();
        private final Map<String, String> responseHeaders = new LinkedHashMap<>();

        Pass(EdgeRouteSettings route, EdgeRequest request) {
            this.route = route;
            this.request = request;
        }

        EdgeDecision afterJwt(String subject) {
            String removeQuery = null;
            String apiKeyClient = null;
            ApiKeySettings keys = route.apiKeys();
            if (keys != null) {
                removeHeaders.add(EdgeFilters.API_KEY_NAME_HEADER);
                String presented = keys.header() != null ? request.header(keys.header())
                        : request.queryParameter(keys.query());
                apiKeyClient = apiKeys.computeIfAbsent(keys, ApiKeyMatcher::new).client(presented);
                if (apiKeyClient == null) {
                    return unauthenticated("ApiKey " + REALM + (presented == null ? "" : ", error=\"invalid_key\""));
                }
                setHeaders.put(EdgeFilters.API_KEY_NAME_HEADER, apiKeyClient);
                if (keys.header() != null) {
                    removeHeaders.add(keys.header());
                } else {
                    removeQuery = keys.query();
                }
            }
            if (route.rateLimit() != null) {
                String client = switch (route.rateLimit().key()) {
                    case API_KEY -> apiKeyClient;
                    case JWT_SUBJECT -> subject;
                    case CLIENT_IP -> request.clientAddress();
                };
                long wait = buckets.take(route.rateLimit(), client == null ? "" : client);
                if (wait > 0) {
                    return new EdgeDecision.Reject(ErrorCause.RATE_LIMITED, Map.of("retry-after",
                            Long.toString(Math.max(1, (wait + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1)))));
                }
            }
            if (route.maxRequestBytes() > 0 && request.contentLength() > route.maxRequestBytes()) {
                return new EdgeDecision.Reject(ErrorCause.PAYLOAD_TOO_LARGE, Map.of());
            }
            return new EdgeDecision.Proceed(removeHeaders, setHeaders, removeQuery, responseHeaders,
                    route.maxRequestBytes());
        }
    }
}
