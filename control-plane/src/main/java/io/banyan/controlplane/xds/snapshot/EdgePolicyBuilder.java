package io.banyan.controlplane.xds.snapshot;

import com.github.xds.type.v3.TypedStruct;
import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import com.google.protobuf.Empty;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.banyan.api.xds.EdgeFilters;
import io.banyan.controlplane.route.edge.ApiKey;
import io.banyan.controlplane.route.edge.ApiKeyAuth;
import io.banyan.controlplane.route.edge.ClientRateLimit;
import io.banyan.controlplane.route.edge.Cors;
import io.banyan.controlplane.route.edge.EdgePolicy;
import io.banyan.controlplane.route.edge.JwtAuth;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.HttpUri;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.http.api_key_auth.v3.ApiKeyAuthPerRoute;
import io.envoyproxy.envoy.extensions.filters.http.api_key_auth.v3.Credential;
import io.envoyproxy.envoy.extensions.filters.http.api_key_auth.v3.KeySource;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.CorsPolicy;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.JwtClaimToHeader;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.JwtProvider;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.JwtRequirement;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.JwtRequirementOrList;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.PerRouteConfig;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.RemoteJwks;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;

import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A gateway route's {@link EdgePolicy} in Envoy's terms (docs/xds.md, "End-user policy at the gateway"): per route,
 * {@link #apply} writes {@code typed_per_filter_config} entries; per gateway listener, {@link #filters} gives the http
 * filters, in order before the router: CORS (so preflights need no credentials), jwt_authn, api_key_auth, Banyan's
 * client rate limit (after authentication, which names the client), Banyan's request body limit. A filter appears only
 * when some route uses it, and a route without a per-route config for a filter is not affected by it.
 */
public final class EdgePolicyBuilder {

    /** The regex that stands for the origin {@code *}: the only regex Banyan's data plane accepts there. */
    public static final String ANY_ORIGIN_REGEX = ".*";
    private static final String BEARER_HEADER = "authorization";

    /** Adds {@code policy}'s per-route configs to {@code route}; an empty policy adds nothing. */
    public Route.Builder apply(EdgePolicy policy, Route.Builder route) {
        if (policy.cors() != null) {
            route.putTypedPerFilterConfig(EdgeFilters.CORS, Any.pack(cors(policy.cors())));
        }
        if (policy.auth() != null && policy.auth().jwt() != null) {
            route.putTypedPerFilterConfig(EdgeFilters.JWT_AUTHN, Any.pack(PerRouteConfig.newBuilder()
                    .setRequirementName(requirementName(policy.auth().jwt())).build()));
        }
        if (policy.auth() != null && policy.auth().apiKey() != null) {
            route.putTypedPerFilterConfig(EdgeFilters.API_KEY_AUTH, Any.pack(apiKeys(policy.auth().apiKey())));
        }
        if (policy.rateLimit() != null) {
            route.putTypedPerFilterConfig(EdgeFilters.CLIENT_RATE_LIMIT, Any.pack(rateLimit(policy.rateLimit())));
        }
        if (policy.maxRequestBytes() != null) {
            route.putTypedPerFilterConfig(EdgeFilters.REQUEST_BODY_LIMIT, Any.pack(typedStruct(
                    EdgeFilters.REQUEST_BODY_LIMIT_TYPE, Map.of(EdgeFilters.FIELD_MAX_REQUEST_BYTES,
                            number(policy.maxRequestBytes())))));
        }
        return route;
    }

    /** The http filters a gateway listener needs for the policies of all its routes, in order; none when none needs any. */
    public List<HttpFilter> filters(Collection<EdgePolicy> policies) {
        boolean cors = policies.stream().anyMatch(policy -> policy.cors() != null);
        boolean apiKeys = policies.stream().anyMatch(policy -> policy.auth() != null && policy.auth().apiKey() != null);
        boolean rateLimit = policies.stream().anyMatch(policy -> policy.rateLimit() != null);
        boolean bodyLimit = policies.stream().anyMatch(policy -> policy.maxRequestBytes() != null);
        Map<String, JwtAuth> jwts = new LinkedHashMap<>();
        for (EdgePolicy policy : policies) {
            if (policy.auth() != null && policy.auth().jwt() != null) {
                jwts.putIfAbsent(requirementName(policy.auth().jwt()), policy.auth().jwt());
            }
        }
        List<HttpFilter.Builder> filters = new java.util.ArrayList<>();
        if (cors) {
            filters.add(filter(EdgeFilters.CORS, Any.pack(io.envoyproxy.envoy.extensions.filters.http.cors.v3.Cors
                    .getDefaultInstance())));
        }
        if (!jwts.isEmpty()) {
            filters.add(filter(EdgeFilters.JWT_AUTHN, Any.pack(jwtAuthentication(jwts.values()))));
        }
        if (apiKeys) {
            filters.add(filter(EdgeFilters.API_KEY_AUTH, Any.pack(
                    io.envoyproxy.envoy.extensions.filters.http.api_key_auth.v3.ApiKeyAuth.getDefaultInstance())));
        }
        if (rateLimit) {
            filters.add(filter(EdgeFilters.CLIENT_RATE_LIMIT, Any.pack(typedStruct(EdgeFilters.CLIENT_RATE_LIMIT_TYPE,
                    Map.of(EdgeFilters.FIELD_MAX_CLIENTS, number(EdgeFilters.DEFAULT_MAX_CLIENTS))))));
        }
        if (bodyLimit) {
            filters.add(filter(EdgeFilters.REQUEST_BODY_LIMIT, Any.pack(typedStruct(
                    EdgeFilters.REQUEST_BODY_LIMIT_TYPE, Map.of()))));
        }
        return filters.stream().map(HttpFilter.Builder::build).toList();
    }

    private static HttpFilter.Builder filter(String name, Any config) {
        return HttpFilter.newBuilder().setName(name).setTypedConfig(config);
    }

    private static JwtAuthentication jwtAuthentication(Collection<JwtAuth> jwts) {
        JwtAuthentication.Builder authentication = JwtAuthentication.newBuilder();
        for (JwtAuth jwt : jwts) {
            String provider = providerName(jwt);
            authentication.putProviders(provider, provider(jwt));
            JwtRequirement byProvider = JwtRequirement.newBuilder().setProviderName(provider).build();
            authentication.putRequirementMap(requirementName(jwt), jwt.required() ? byProvider
                    : JwtRequirement.newBuilder().setRequiresAny(JwtRequirementOrList.newBuilder()
                            .addRequirements(byProvider)
                            .addRequirements(JwtRequirement.newBuilder().setAllowMissing(Empty.getDefaultInstance())))
                    .build());
        }
        return authentication.build();
    }

    /** Envoy's provider: issuer, audiences, keys, claims to headers, forward; tokens from Authorization: Bearer. */
    static JwtProvider provider(JwtAuth jwt) {
        JwtProvider.Builder provider = JwtProvider.newBuilder()
                .setIssuer(jwt.issuer())
                .addAllAudiences(jwt.audiences())
                .setForward(jwt.forwardToken())
                .setClockSkewSeconds(EdgeFilters.JWT_CLOCK_SKEW_SECONDS);
        if (jwt.jwksFile() != null) {
            provider.setLocalJwks(DataSource.newBuilder().setFilename(jwt.jwksFile()));
        } else {
            URI uri = URI.create(jwt.jwksUri());
            provider.setRemoteJwks(RemoteJwks.newBuilder()
                    .setHttpUri(HttpUri.newBuilder()
                            .setUri(jwt.jwksUri())
                            .setCluster("jwks|" + uri.getHost() + ":" + (uri.getPort() < 0 ? 443 : uri.getPort()))
                            .setTimeout(Protos.duration(java.time.Duration.ofSeconds(5))))
                    .setCacheDuration(Protos.duration(jwt.jwksRefresh())));
        }
        jwt.claimsToHeaders().forEach((claim, header) -> provider.addClaimToHeaders(JwtClaimToHeader.newBuilder()
                .setClaimName(claim).setHeaderName(header)));
        return provider.build();
    }

    /** A provider is named by its content, so that routes with the same JWT settings share one. */
    static String providerName(JwtAuth jwt) {
        JwtAuth required = new JwtAuth(jwt.issuer(), jwt.audiences(), jwt.jwksFile(), jwt.jwksUri(), jwt.jwksRefresh(),
                jwt.claimsToHeaders(), true, jwt.forwardToken());
        return "jwt-" + digest(provider(required).toByteArray());
    }

    /** The requirement of a route: its provider, or "its provider or no token" when the JWT is not required. */
    static String requirementName(JwtAuth jwt) {
        return providerName(jwt) + (jwt.required() ? "" : "-optional");
    }

    private static ApiKeyAuthPerRoute apiKeys(ApiKeyAuth auth) {
        ApiKeyAuthPerRoute.Builder perRoute = ApiKeyAuthPerRoute.newBuilder()
                .addKeySources(auth.header() != null ? KeySource.newBuilder().setHeader(auth.header())
                        : KeySource.newBuilder().setQuery(auth.query()));
        for (ApiKey key : auth.keys()) {
            // Banyan publishes the SHA-256 of each key where Envoy has the plaintext: no key ever leaves the store.
            perRoute.addCredentials(Credential.newBuilder().setKey(key.sha256()).setClient(key.name()));
        }
        return perRoute.build();
    }

    private static CorsPolicy cors(Cors cors) {
        CorsPolicy.Builder policy = CorsPolicy.newBuilder()
                .setAllowMethods(String.join(",", cors.allowMethods()))
                .setMaxAge(Long.toString(cors.maxAge().getSeconds()))
                .setAllowCredentials(BoolValue.of(cors.allowCredentials()));
        if (!cors.allowHeaders().isEmpty()) {
            policy.setAllowHeaders(String.join(",", cors.allowHeaders()));
        }
        if (!cors.exposeHeaders().isEmpty()) {
            policy.setExposeHeaders(String.join(",", cors.exposeHeaders()));
        }
        for (String origin : cors.allowOrigins()) {
            StringMatcher.Builder matcher = StringMatcher.newBuilder();
            if (origin.equals("*")) {
                matcher.setSafeRegex(RegexMatcher.newBuilder().setRegex(ANY_ORIGIN_REGEX));
            } else if (origin.startsWith("*.")) {
                matcher.setSuffix(origin.substring(1)).setIgnoreCase(true);
            } else {
                matcher.setExact(origin).setIgnoreCase(true);
            }
            policy.addAllowOriginStringMatch(matcher);
        }
        return policy.build();
    }

    private static TypedStruct rateLimit(ClientRateLimit limit) {
        String key = switch (limit.key()) {
            case API_KEY -> EdgeFilters.KEY_API_KEY;
            case JWT_SUBJECT -> EdgeFilters.KEY_JWT_SUBJECT;
            case CLIENT_IP -> EdgeFilters.KEY_CLIENT_IP;
        };
        return typedStruct(EdgeFilters.CLIENT_RATE_LIMIT_TYPE, Map.of(
                EdgeFilters.FIELD_KEY, Value.newBuilder().setStringValue(key).build(),
                EdgeFilters.FIELD_REQUESTS_PER_SECOND, number(limit.requestsPerSecond()),
                EdgeFilters.FIELD_BURST, number(limit.burst())));
    }

    private static TypedStruct typedStruct(String typeUrl, Map<String, Value> fields) {
        return TypedStruct.newBuilder().setTypeUrl(typeUrl)
                .setValue(Struct.newBuilder().putAllFields(new java.util.TreeMap<>(fields))).build();
    }

    private static Value number(double value) {
        return Value.newBuilder().setNumberValue(value).build();
    }

    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
