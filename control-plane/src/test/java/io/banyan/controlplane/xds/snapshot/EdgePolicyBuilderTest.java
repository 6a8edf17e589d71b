package io.banyan.controlplane.xds.snapshot;

import com.github.xds.type.v3.TypedStruct;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.banyan.api.xds.EdgeFilters;
import io.banyan.controlplane.route.edge.ApiKey;
import io.banyan.controlplane.route.edge.ApiKeyAuth;
import io.banyan.controlplane.route.edge.ClientKey;
import io.banyan.controlplane.route.edge.ClientRateLimit;
import io.banyan.controlplane.route.edge.Cors;
import io.banyan.controlplane.route.edge.EdgeAuth;
import io.banyan.controlplane.route.edge.EdgePolicy;
import io.banyan.controlplane.route.edge.JwtAuth;
import io.banyan.dataplane.config.ClientKeySource;
import io.banyan.dataplane.config.EdgeListenerSettings;
import io.banyan.dataplane.config.EdgeRouteSettings;
import io.banyan.dataplane.config.JwtRequirementSettings;
import io.banyan.dataplane.xds.EdgeFilterTranslator;
import io.banyan.dataplane.xds.EdgeRouteTranslator;
import io.banyan.dataplane.xds.InvalidResourceException;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.http.api_key_auth.v3.ApiKeyAuthPerRoute;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.CorsPolicy;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.JwtProvider;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.PerRouteConfig;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EdgePolicyBuilderTest {

    private static final JwtAuth JWT = new JwtAuth("https://id.example.com", List.of("shop"), null,
            "https://id.example.com:8443/jwks.json", Duration.ofMinutes(2), Map.of("sub", "x-user-id"), null, null);
    private static final ApiKeyAuth API_KEYS = new ApiKeyAuth(null, null,
            List.of(new ApiKey("partner-a", ApiKey.hash("partner-a-key-0123456789"))));

    private final EdgePolicyBuilder builder = new EdgePolicyBuilder();

    @Test
    void aFullPolicyBecomesOnePerRouteConfigPerFilter() throws InvalidProtocolBufferException {
        EdgePolicy policy = new EdgePolicy(new EdgeAuth(JWT, API_KEYS), new ClientRateLimit(ClientKey.API_KEY, 5.0, 10),
                new Cors(List.of("https://shop.example.com", "*.example.com", "*"), null, List.of("x-trace"),
                        List.of("x-total"), Duration.ofMinutes(10), false), 4096L);

        Map<String, Any> perFilter = builder.apply(policy, Route.newBuilder().setName("r")).getTypedPerFilterConfigMap();

        assertThat(perFilter).containsOnlyKeys(EdgeFilters.CORS, EdgeFilters.JWT_AUTHN, EdgeFilters.API_KEY_AUTH,
                EdgeFilters.CLIENT_RATE_LIMIT, EdgeFilters.REQUEST_BODY_LIMIT);
        assertThat(perFilter.get(EdgeFilters.JWT_AUTHN).unpack(PerRouteConfig.class).getRequirementName())
                .isEqualTo(EdgePolicyBuilder.providerName(JWT));
        ApiKeyAuthPerRoute keys = perFilter.get(EdgeFilters.API_KEY_AUTH).unpack(ApiKeyAuthPerRoute.class);
        assertThat(keys.getKeySources(0).getHeader()).isEqualTo("x-api-key");
        assertThat(keys.getCredentials(0).getClient()).isEqualTo("partner-a");
        assertThat(keys.getCredentials(0).getKey()).isEqualTo(ApiKey.hash("partner-a-key-0123456789"));
        CorsPolicy cors = perFilter.get(EdgeFilters.CORS).unpack(CorsPolicy.class);
        assertThat(cors.getAllowOriginStringMatch(0).getExact()).isEqualTo("https://shop.example.com");
        assertThat(cors.getAllowOriginStringMatch(1).getSuffix()).isEqualTo(".example.com");
        assertThat(cors.getAllowOriginStringMatch(2).getSafeRegex().getRegex()).isEqualTo(".*");
        assertThat(cors.getAllowMethods()).isEqualTo("GET,HEAD,POST");
        assertThat(cors.getAllowHeaders()).isEqualTo("x-trace");
        assertThat(cors.getExposeHeaders()).isEqualTo("x-total");
        assertThat(cors.getMaxAge()).isEqualTo("600");
        assertThat(cors.getAllowCredentials().getValue()).isFalse();
        TypedStruct rate = perFilter.get(EdgeFilters.CLIENT_RATE_LIMIT).unpack(TypedStruct.class);
        assertThat(rate.getTypeUrl()).isEqualTo(EdgeFilters.CLIENT_RATE_LIMIT_TYPE);
        assertThat(rate.getValue().getFieldsOrThrow("key").getStringValue()).isEqualTo("api_key");
        assertThat(rate.getValue().getFieldsOrThrow("requests_per_second").getNumberValue()).isEqualTo(5.0);
        assertThat(rate.getValue().getFieldsOrThrow("burst").getNumberValue()).isEqualTo(10.0);
        TypedStruct body = perFilter.get(EdgeFilters.REQUEST_BODY_LIMIT).unpack(TypedStruct.class);
        assertThat(body.getTypeUrl()).isEqualTo(EdgeFilters.REQUEST_BODY_LIMIT_TYPE);
        assertThat(body.getValue().getFieldsOrThrow("max_request_bytes").getNumberValue()).isEqualTo(4096.0);
    }

    @Test
    void anEmptyPolicyAddsNothingAndNeedsNoFilter() {
        assertThat(builder.apply(EdgePolicy.NONE, Route.newBuilder()).getTypedPerFilterConfigMap()).isEmpty();
        assertThat(builder.filters(List.of(EdgePolicy.NONE))).isEmpty();
    }

    @Test
    void filtersComeInOrderAndRoutesWithTheSameJwtShareOneProvider() throws InvalidProtocolBufferException {
        JwtAuth optional = new JwtAuth(JWT.issuer(), JWT.audiences(), null, JWT.jwksUri(), JWT.jwksRefresh(),
                JWT.claimsToHeaders(), false, null);
        List<EdgePolicy> policies = List.of(
                new EdgePolicy(null, null, null, 10L),
                new EdgePolicy(new EdgeAuth(JWT, null), new ClientRateLimit(ClientKey.JWT_SUBJECT, 1.0, null), null, null),
                new EdgePolicy(new EdgeAuth(optional, API_KEYS), null,
                        new Cors(List.of("*"), null, null, null, null, null), null));

        List<HttpFilter> filters = builder.filters(policies);

        assertThat(filters).extracting(HttpFilter::getName).containsExactly(EdgeFilters.CORS, EdgeFilters.JWT_AUTHN,
                EdgeFilters.API_KEY_AUTH, EdgeFilters.CLIENT_RATE_LIMIT, EdgeFilters.REQUEST_BODY_LIMIT);
        JwtAuthentication jwt = filters.get(1).getTypedConfig().unpack(JwtAuthentication.class);
        String provider = EdgePolicyBuilder.providerName(JWT);
        assertThat(jwt.getProvidersMap()).containsOnlyKeys(provider);
        JwtProvider envoy = jwt.getProvidersOrThrow(provider);
        assertThat(envoy.getIssuer()).isEqualTo("https://id.example.com");
        assertThat(envoy.getAudiencesList()).containsExactly("shop");
        assertThat(envoy.getForward()).isFalse();
        assertThat(envoy.getClockSkewSeconds()).isEqualTo(60);
        assertThat(envoy.getRemoteJwks().getHttpUri().getUri()).isEqualTo("https://id.example.com:8443/jwks.json");
        assertThat(envoy.getRemoteJwks().getHttpUri().getCluster()).isEqualTo("jwks|id.example.com:8443");
        assertThat(envoy.getRemoteJwks().getCacheDuration().getSeconds()).isEqualTo(120);
        assertThat(envoy.getClaimToHeaders(0).getClaimName()).isEqualTo("sub");
        assertThat(envoy.getClaimToHeaders(0).getHeaderName()).isEqualTo("x-user-id");
        assertThat(jwt.getRequirementMapMap()).containsOnlyKeys(provider, provider + "-optional");
        assertThat(jwt.getRequirementMapOrThrow(provider).getProviderName()).isEqualTo(provider);
        assertThat(jwt.getRequirementMapOrThrow(provider + "-optional").getRequiresAny().getRequirementsList())
                .satisfiesExactly(first -> assertThat(first.getProviderName()).isEqualTo(provider),
                        second -> assertThat(second.hasAllowMissing()).isTrue());
        TypedStruct rate = filters.get(3).getTypedConfig().unpack(TypedStruct.class);
        assertThat(rate.getValue().getFieldsOrThrow("max_clients").getNumberValue()).isEqualTo(100_000.0);
    }

    @Test
    void aLocalJwksIsAFilenameAndAQueryKeyAQuerySource() throws InvalidProtocolBufferException {
        JwtAuth local = new JwtAuth("i", null, "/etc/jwks.json", null, null, null, null, true);
        EdgePolicy policy = new EdgePolicy(new EdgeAuth(local, new ApiKeyAuth(null, "api_key", API_KEYS.keys())),
                null, null, null);

        JwtAuthentication jwt = builder.filters(List.of(policy)).get(0).getTypedConfig().unpack(JwtAuthentication.class);
        Route route = builder.apply(policy, Route.newBuilder()).build();

        assertThat(jwt.getProvidersOrThrow(EdgePolicyBuilder.providerName(local)).getLocalJwks().getFilename())
                .isEqualTo("/etc/jwks.json");
        assertThat(jwt.getProvidersOrThrow(EdgePolicyBuilder.providerName(local)).getForward()).isTrue();
        assertThat(route.getTypedPerFilterConfigOrThrow(EdgeFilters.API_KEY_AUTH).unpack(ApiKeyAuthPerRoute.class)
                .getKeySources(0).getQuery()).isEqualTo("api_key");
    }

    @Test
    void theDataPlaneTranslatesWhatItPublishes() throws InvalidResourceException {
        EdgePolicy policy = new EdgePolicy(new EdgeAuth(JWT, API_KEYS), new ClientRateLimit(ClientKey.API_KEY, 5.0, 10),
                new Cors(List.of("https://shop.example.com", "*.example.com"), null, null, null, null, true), 4096L);

        EdgeListenerSettings listener = new EdgeFilterTranslator().translate(HttpConnectionManager.newBuilder()
                .addAllHttpFilters(builder.filters(List.of(policy))).build(), "outbound|8080");
        EdgeRouteSettings route = new EdgeRouteTranslator().translate(
                builder.apply(policy, Route.newBuilder()).getTypedPerFilterConfigMap(), "gateway|edge", "routes[0]");

        listener.check(route);
        JwtRequirementSettings jwt = listener.jwtRequirements().get(route.jwtRequirement());
        assertThat(jwt.allowMissing()).isFalse();
        assertThat(jwt.provider().issuer()).isEqualTo(JWT.issuer());
        assertThat(jwt.provider().jwksUri()).hasToString(JWT.jwksUri());
        assertThat(jwt.provider().jwksRefresh()).isEqualTo(Duration.ofMinutes(2));
        assertThat(jwt.provider().claimsToHeaders()).isEqualTo(JWT.claimsToHeaders());
        assertThat(jwt.provider().clockSkew()).isEqualTo(Duration.ofSeconds(60));
        assertThat(listener.maxClients()).isEqualTo(100_000);
        assertThat(route.apiKeys().header()).isEqualTo("x-api-key");
        assertThat(route.apiKeys().credentials()).extracting(c -> c.client() + "=" + c.sha256())
                .containsExactly("partner-a=" + ApiKey.hash("partner-a-key-0123456789"));
        assertThat(route.rateLimit().key()).isEqualTo(ClientKeySource.API_KEY);
        assertThat(route.rateLimit().burst()).isEqualTo(10);
        assertThat(route.cors().allows("https://shop.example.com")).isTrue();
        assertThat(route.cors().allows("https://api.example.com")).isTrue();
        assertThat(route.cors().allows("https://example.com.evil.org")).isFalse();
        assertThat(route.cors().allowCredentials()).isTrue();
        assertThat(route.maxRequestBytes()).isEqualTo(4096);
    }
}
