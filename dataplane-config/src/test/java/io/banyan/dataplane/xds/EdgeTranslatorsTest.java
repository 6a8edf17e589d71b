package io.banyan.dataplane.xds;

import com.github.xds.type.v3.TypedStruct;
import com.google.protobuf.Any;
import com.google.protobuf.Empty;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.banyan.api.xds.EdgeFilters;
import io.banyan.dataplane.config.EdgeListenerSettings;
import io.banyan.dataplane.config.EdgeRouteSettings;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.extensions.filters.http.api_key_auth.v3.ApiKeyAuthPerRoute;
import io.envoyproxy.envoy.extensions.filters.http.api_key_auth.v3.Credential;
import io.envoyproxy.envoy.extensions.filters.http.api_key_auth.v3.KeySource;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.CorsPolicy;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.JwtProvider;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.JwtRequirement;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.JwtRequirementOrList;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.PerRouteConfig;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EdgeTranslatorsTest {

    private static final String HASH = "ab".repeat(32);
    private static final JwtProvider PROVIDER = JwtProvider.newBuilder().setIssuer("https://id")
            .setLocalJwks(DataSource.newBuilder().setFilename("/etc/jwks.json")).build();

    private final EdgeFilterTranslator filters = new EdgeFilterTranslator();
    private final EdgeRouteTranslator routes = new EdgeRouteTranslator();

    private EdgeListenerSettings listener(HttpFilter... httpFilters) throws InvalidResourceException {
        return filters.translate(HttpConnectionManager.newBuilder().addAllHttpFilters(java.util.List.of(httpFilters))
                .build(), "outbound|8080");
    }

    private static HttpFilter jwt(JwtAuthentication authentication) {
        return HttpFilter.newBuilder().setName(EdgeFilters.JWT_AUTHN).setTypedConfig(Any.pack(authentication)).build();
    }

    private EdgeRouteSettings route(String filter, com.google.protobuf.Message config) throws InvalidResourceException {
        return routes.translate(Map.of(filter, Any.pack(config)), "gateway|edge", "virtual_hosts[0].routes[0]");
    }

    @Test
    void aListenerWithoutEdgeFiltersHasNone() throws InvalidResourceException {
        assertThat(listener()).isEqualTo(EdgeListenerSettings.NONE);
        assertThat(routes.translate(Map.of(), "gateway|edge", "r")).isEqualTo(EdgeRouteSettings.NONE);
    }

    @Test
    void requirementsResolveTheirProviders() throws InvalidResourceException {
        EdgeListenerSettings settings = listener(jwt(JwtAuthentication.newBuilder()
                .putProviders("p", PROVIDER)
                .putRequirementMap("p", JwtRequirement.newBuilder().setProviderName("p").build())
                .putRequirementMap("p-optional", JwtRequirement.newBuilder().setRequiresAny(JwtRequirementOrList
                        .newBuilder().addRequirements(JwtRequirement.newBuilder().setProviderName("p"))
                        .addRequirements(JwtRequirement.newBuilder().setAllowMissing(Empty.getDefaultInstance())))
                        .build())
                .build()));

        assertThat(settings.jwtRequirements().get("p").allowMissing()).isFalse();
        assertThat(settings.jwtRequirements().get("p-optional").allowMissing()).isTrue();
        assertThat(settings.jwtRequirements().get("p").provider().jwksFile()).isEqualTo(Path.of("/etc/jwks.json"));
        EdgeRouteSettings route = route(EdgeFilters.JWT_AUTHN, PerRouteConfig.newBuilder().setRequirementName("q").build());
        assertThatThrownBy(() -> settings.check(route)).hasMessageContaining("requirement_name: 'q' (expected: one of");
    }

    @Test
    void whatTheGatewayDoesNotDoIsRejected() {
        assertThatThrownBy(() -> listener(jwt(JwtAuthentication.newBuilder()
                .putProviders("p", PROVIDER.toBuilder().addFromParams("token").build()).build())))
                .hasMessageContaining("providers['p'].from_params is unsupported (expected: unset)");
        assertThatThrownBy(() -> listener(jwt(JwtAuthentication.newBuilder().putProviders("p", PROVIDER)
                .putRequirementMap("r", JwtRequirement.newBuilder().setProviderName("nope").build()).build())))
                .hasMessageContaining("requirement_map['r'].provider_name 'nope' (expected: one of the providers [p])");
        assertThatThrownBy(() -> listener(jwt(JwtAuthentication.newBuilder().putProviders("p", PROVIDER.toBuilder()
                .clearLocalJwks().build()).build())))
                .hasMessageContaining("jwks: none");
        assertThatThrownBy(() -> route(EdgeFilters.API_KEY_AUTH, ApiKeyAuthPerRoute.newBuilder()
                .addKeySources(KeySource.newBuilder().setCookie("k"))
                .addCredentials(Credential.newBuilder().setKey(HASH).setClient("a")).build()))
                .hasMessageContaining("key_sources[0] (expected: a header or a query parameter, not a cookie)");
        assertThatThrownBy(() -> route(EdgeFilters.API_KEY_AUTH, ApiKeyAuthPerRoute.newBuilder()
                .addKeySources(KeySource.newBuilder().setHeader("x-api-key"))
                .addCredentials(Credential.newBuilder().setKey("plaintext-key").setClient("a")).build()))
                .hasMessageContaining("(expected: 64 lower-case hex digits, the SHA-256 of the key)")
                .hasMessageNotContaining("plaintext-key");
        assertThatThrownBy(() -> route(EdgeFilters.CORS, CorsPolicy.newBuilder().addAllowOriginStringMatch(
                StringMatcher.newBuilder().setSafeRegex(RegexMatcher.newBuilder().setRegex("https://.*"))).build()))
                .hasMessageContaining("safe_regex 'https://.*' (expected: '.*' only)");
        assertThatThrownBy(() -> route(EdgeFilters.CLIENT_RATE_LIMIT, TypedStruct.newBuilder()
                .setTypeUrl(EdgeFilters.CLIENT_RATE_LIMIT_TYPE).setValue(Struct.newBuilder()
                        .putFields("key", Value.newBuilder().setStringValue("cookie").build())
                        .putFields("requests_per_second", Value.newBuilder().setNumberValue(1).build())).build()))
                .hasMessageContaining("value.key 'cookie' (expected: api_key, jwt_subject or client_ip)");
        assertThatThrownBy(() -> route(EdgeFilters.REQUEST_BODY_LIMIT, TypedStruct.newBuilder()
                .setTypeUrl(EdgeFilters.REQUEST_BODY_LIMIT_TYPE).setValue(Struct.newBuilder()
                        .putFields("max_request_bytes", Value.newBuilder().setNumberValue(1.5).build())).build()))
                .hasMessageContaining("value.max_request_bytes 1.5 (expected: a whole number");
        assertThatThrownBy(() -> route(EdgeFilters.REQUEST_BODY_LIMIT, TypedStruct.newBuilder()
                .setTypeUrl("type.banyan.io/other").build()))
                .hasMessageContaining("type_url 'type.banyan.io/other' (expected: " + EdgeFilters.REQUEST_BODY_LIMIT_TYPE);
    }
}
