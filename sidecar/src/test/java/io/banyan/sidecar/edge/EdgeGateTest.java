package io.banyan.sidecar.edge;

import com.nimbusds.jwt.JWTClaimsSet;
import io.banyan.api.xds.ApiKeyHash;
import io.banyan.api.xds.EdgeFilters;
import io.banyan.dataplane.config.ApiKeySettings;
import io.banyan.dataplane.config.ClientKeySource;
import io.banyan.dataplane.config.ClientRateLimitSettings;
import io.banyan.dataplane.config.CorsSettings;
import io.banyan.dataplane.config.CorsSettings.OriginMatcher;
import io.banyan.dataplane.config.EdgeListenerSettings;
import io.banyan.dataplane.config.EdgeRouteSettings;
import io.banyan.dataplane.config.JwtProviderSettings;
import io.banyan.dataplane.config.JwtRequirementSettings;
import io.banyan.sidecar.core.ErrorCause;
import io.banyan.testkit.time.FakeClock;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EdgeGateTest {

    private static final TestIssuers ISSUER = new TestIssuers("k1");
    private static final String KEY = "partner-a-key-0123456789";
    private static final JwtProviderSettings PROVIDER = new JwtProviderSettings("p", TestIssuers.ISSUER, List.of("shop"),
            Path.of("/unused/jwks.json"), null, Duration.ofMinutes(5), Map.of("sub", "x-user-id"), false,
            Duration.ofSeconds(60));
    private static final EdgeRouteSettings JWT_ROUTE = new EdgeRouteSettings("p", null, null, null, 0);

    private final FakeClock clock = new FakeClock();
    private final StaticJwks keys = new StaticJwks(ISSUER.jwks());
    private final ClientBuckets buckets = new ClientBuckets(clock::nanoTime, 1000);
    private final EdgeGate gate = new EdgeGate(new EdgeListenerSettings(Map.of(
            "p", new JwtRequirementSettings(PROVIDER, false),
            "p-optional", new JwtRequirementSettings(PROVIDER, true)), 1000),
            new JwtVerifiers(provider -> keys, clock), buckets);

    private EdgeDecision decide(EdgeRouteSettings route, Request request) {
        var decision = gate.decide(route, request);
        assertThat(decision).isDone();
        return decision.join();
    }

    private JWTClaimsSet.Builder claims() {
        return TestIssuers.claims(clock.instant());
    }

    private static Request bearer(String token) {
        return new Request("GET").header("authorization", "Bearer " + token);
    }

    private static void assertRejected(EdgeDecision decision, ErrorCause cause, String challenge) {
        assertThat(decision).isInstanceOfSatisfying(EdgeDecision.Reject.class, reject -> {
            assertThat(reject.cause()).isEqualTo(cause);
            if (challenge != null) {
                assertThat(reject.headers()).containsEntry("www-authenticate", challenge);
            }
        });
    }

    @Test
    void aValidTokenOfEachAlgorithmPassesWithItsClaimsAsHeadersAndWithoutTheToken() {
        for (String token : List.of(ISSUER.rs256(claims().build()), ISSUER.es256(claims().build()),
                ISSUER.edDsa(claims().build()))) {
            EdgeDecision decision = decide(JWT_ROUTE, bearer(token).header("x-user-id", "mallory"));

            assertThat(decision).isInstanceOfSatisfying(EdgeDecision.Proceed.class, proceed -> {
                assertThat(proceed.removeHeaders()).contains("x-user-id", "authorization");
                assertThat(proceed.setHeaders()).containsExactly(Map.entry("x-user-id", "alice"));
            });
        }
    }

    @Test
    void missingExpiredForeignOrForgedTokensAreUnauthenticated() {
        String invalid = "Bearer realm=\"banyan\", error=\"invalid_token\"";
        assertRejected(decide(JWT_ROUTE, new Request("GET")), ErrorCause.UNAUTHENTICATED, "Bearer realm=\"banyan\"");
        assertRejected(decide(JWT_ROUTE, new Request("GET").header("authorization", "Basic YTpi")),
                ErrorCause.UNAUTHENTICATED, "Bearer realm=\"banyan\"");
        assertRejected(decide(JWT_ROUTE, bearer(ISSUER.rs256(claims()
                .expirationTime(Date.from(clock.instant().minusSeconds(61))).build()))), ErrorCause.UNAUTHENTICATED, invalid);
        assertRejected(decide(JWT_ROUTE, bearer(ISSUER.rs256(claims()
                .notBeforeTime(Date.from(clock.instant().plusSeconds(120))).build()))), ErrorCause.UNAUTHENTICATED, invalid);
        assertRejected(decide(JWT_ROUTE, bearer(ISSUER.rs256(claims().issuer("https://evil.example.com").build()))),
                ErrorCause.UNAUTHENTICATED, invalid);
        assertRejected(decide(JWT_ROUTE, bearer(new TestIssuers("k1").rs256(claims().build()))),
                ErrorCause.UNAUTHENTICATED, invalid); // same kid, another key: a bad signature
        assertRejected(decide(JWT_ROUTE, bearer(TestIssuers.unsigned(claims().build()))), ErrorCause.UNAUTHENTICATED, invalid);
        assertRejected(decide(JWT_ROUTE, bearer("not.a.token")), ErrorCause.UNAUTHENTICATED, invalid);
    }

    @Test
    void aTokenWithinTheSkewStillPasses() {
        String token = ISSUER.es256(claims().expirationTime(Date.from(clock.instant().plusSeconds(10))).build());
        clock.advance(Duration.ofSeconds(69));

        assertThat(decide(JWT_ROUTE, bearer(token))).isInstanceOf(EdgeDecision.Proceed.class);
        clock.advance(Duration.ofSeconds(2));
        assertRejected(decide(JWT_ROUTE, bearer(token)), ErrorCause.UNAUTHENTICATED, null);
    }

    @Test
    void aTokenForAnotherAudienceIsForbidden() {
        assertRejected(decide(JWT_ROUTE, bearer(ISSUER.rs256(claims().audience("billing").build()))),
                ErrorCause.FORBIDDEN, "Bearer realm=\"banyan\", error=\"insufficient_scope\"");
    }

    @Test
    void anUnknownKeyIdReloadsTheKeysOnceThenIsRefused() {
        TestIssuers rotated = new TestIssuers("k2");
        keys.next = rotated.jwks();

        assertThat(decide(JWT_ROUTE, bearer(rotated.rs256(claims().build())))).isInstanceOf(EdgeDecision.Proceed.class);
        assertThat(keys.reloads).hasValue(1);

        keys.reloadAllowed = false;
        assertRejected(decide(JWT_ROUTE, bearer(new TestIssuers("k3").rs256(claims().build()))),
                ErrorCause.UNAUTHENTICATED, null);
    }

    @Test
    void beforeTheKeysAreLoadedTheAnswerWaitsAndIs503WhenTheyFail() {
        StaticJwks loading = new StaticJwks(null);
        EdgeGate waiting = new EdgeGate(new EdgeListenerSettings(Map.of("p", new JwtRequirementSettings(PROVIDER, false)),
                10), new JwtVerifiers(provider -> loading, clock), buckets);

        var first = waiting.decide(JWT_ROUTE, bearer(ISSUER.rs256(claims().build())));
        var second = waiting.decide(JWT_ROUTE, bearer(ISSUER.rs256(claims().build())));
        assertThat(first).isNotDone();
        loading.current = ISSUER.jwks();
        loading.firstLoad.complete(ISSUER.jwks());
        assertThat(first.join()).isInstanceOf(EdgeDecision.Proceed.class);
        assertThat(second.join()).isInstanceOf(EdgeDecision.Proceed.class);

        StaticJwks failing = new StaticJwks(null);
        failing.firstLoad.complete(null);
        EdgeGate unavailable = new EdgeGate(new EdgeListenerSettings(Map.of("p", new JwtRequirementSettings(PROVIDER, false)),
                10), new JwtVerifiers(provider -> failing, clock), buckets);
        assertRejected(unavailable.decide(JWT_ROUTE, bearer(ISSUER.rs256(claims().build()))).join(),
                ErrorCause.JWKS_UNAVAILABLE, null);
    }

    @Test
    void anOptionalTokenMayBeAbsentButNotBadAndSpoofedClaimHeadersGoEitherWay() {
        EdgeRouteSettings optional = new EdgeRouteSettings("p-optional", null, null, null, 0);

        assertThat(decide(optional, new Request("GET").header("x-user-id", "mallory")))
                .isInstanceOfSatisfying(EdgeDecision.Proceed.class, proceed -> {
                    assertThat(proceed.removeHeaders()).contains("x-user-id");
                    assertThat(proceed.setHeaders()).isEmpty();
                });
        assertRejected(decide(optional, bearer("garbage")), ErrorCause.UNAUTHENTICATED, null);
        assertRejected(decide(new EdgeRouteSettings("nope", null, null, null, 0), new Request("GET")),
                ErrorCause.UNAUTHENTICATED, null);
    }

    @Test
    void apiKeysAreMatchedByHashNamedForTheUpstreamAndRemoved() {
        EdgeRouteSettings header = new EdgeRouteSettings(null, keys("x-api-key", null), null, null, 0);
        EdgeRouteSettings query = new EdgeRouteSettings(null, keys(null, "api_key"), null, null, 0);

        assertThat(decide(header, new Request("GET").header("x-api-key", KEY)
                .header(EdgeFilters.API_KEY_NAME_HEADER, "someone-else")))
                .isInstanceOfSatisfying(EdgeDecision.Proceed.class, proceed -> {
                    assertThat(proceed.removeHeaders()).contains("x-api-key", EdgeFilters.API_KEY_NAME_HEADER);
                    assertThat(proceed.setHeaders()).containsExactly(Map.entry(EdgeFilters.API_KEY_NAME_HEADER, "partner-a"));
                });
        assertThat(decide(query, new Request("GET").query("api_key", KEY)))
                .isInstanceOfSatisfying(EdgeDecision.Proceed.class,
                        proceed -> assertThat(proceed.removeQueryParameter()).isEqualTo("api_key"));
        assertRejected(decide(header, new Request("GET").header("x-api-key", KEY + "x")), ErrorCause.UNAUTHENTICATED,
                "ApiKey realm=\"banyan\", error=\"invalid_key\"");
        assertRejected(decide(header, new Request("GET")), ErrorCause.UNAUTHENTICATED, "ApiKey realm=\"banyan\"");
    }

    @Test
    void eachClientHasItsOwnBucketRefilledOnTheClock() {
        EdgeRouteSettings limited = new EdgeRouteSettings(null, keys("x-api-key", null),
                new ClientRateLimitSettings(ClientKeySource.CLIENT_IP, 1, 2), null, 0);

        assertThat(decide(limited, fromIp("10.0.0.1"))).isInstanceOf(EdgeDecision.Proceed.class);
        assertThat(decide(limited, fromIp("10.0.0.1"))).isInstanceOf(EdgeDecision.Proceed.class);
        EdgeDecision third = decide(limited, fromIp("10.0.0.1"));
        assertRejected(third, ErrorCause.RATE_LIMITED, null);
        assertThat(((EdgeDecision.Reject) third).headers()).containsEntry("retry-after", "1");
        assertThat(decide(limited, fromIp("10.0.0.2"))).isInstanceOf(EdgeDecision.Proceed.class);

        clock.advance(Duration.ofSeconds(1));
        assertThat(decide(limited, fromIp("10.0.0.1"))).isInstanceOf(EdgeDecision.Proceed.class);
        assertRejected(decide(limited, fromIp("10.0.0.1")), ErrorCause.RATE_LIMITED, null);
    }

    @Test
    void corsPreflightsAreAnsweredAndActualRequestsMarkedForAllowedOriginsOnly() {
        CorsSettings cors = new CorsSettings(List.of(new OriginMatcher(OriginMatcher.Kind.EXACT, "https://shop.example.com"),
                new OriginMatcher(OriginMatcher.Kind.SUFFIX, ".example.org")), "GET,POST", "x-trace", "x-total", 600, true);
        EdgeRouteSettings route = new EdgeRouteSettings("p", null, null, cors, 0);

        assertThat(decide(route, new Request("OPTIONS").header("origin", "https://shop.example.com")
                .header("access-control-request-method", "POST")))
                .isInstanceOfSatisfying(EdgeDecision.Preflight.class, preflight -> assertThat(preflight.headers())
                        .containsEntry("access-control-allow-origin", "https://shop.example.com")
                        .containsEntry("access-control-allow-methods", "GET,POST")
                        .containsEntry("access-control-allow-headers", "x-trace")
                        .containsEntry("access-control-max-age", "600")
                        .containsEntry("access-control-allow-credentials", "true")
                        .containsEntry("vary", "Origin"));
        assertThat(decide(route, bearer(ISSUER.rs256(claims().build())).header("origin", "https://a.example.org")))
                .isInstanceOfSatisfying(EdgeDecision.Proceed.class, proceed -> assertThat(proceed.responseHeaders())
                        .containsEntry("access-control-allow-origin", "https://a.example.org")
                        .containsEntry("access-control-expose-headers", "x-total"));
        assertThat(decide(route, bearer(ISSUER.rs256(claims().build())).header("origin", "https://evil.com")))
                .isInstanceOfSatisfying(EdgeDecision.Proceed.class,
                        proceed -> assertThat(proceed.responseHeaders()).isEmpty());
        assertRejected(decide(route, new Request("OPTIONS").header("origin", "https://evil.com")
                .header("access-control-request-method", "POST")), ErrorCause.UNAUTHENTICATED, null);
    }

    @Test
    void aDeclaredBodyOverTheLimitIs413AndTheLimitTravelsWithTheRequest() {
        EdgeRouteSettings limited = new EdgeRouteSettings(null, null, null, null, 100);

        assertRejected(decide(limited, new Request("POST").length(101)), ErrorCause.PAYLOAD_TOO_LARGE, null);
        assertThat(decide(limited, new Request("POST").length(100))).isInstanceOfSatisfying(EdgeDecision.Proceed.class,
                proceed -> assertThat(proceed.maxRequestBytes()).isEqualTo(100));
        assertThat(decide(EdgeRouteSettings.NONE, new Request("POST").length(1 << 30)))
                .isSameAs(EdgeDecision.Proceed.UNCHANGED);
    }

    private static Request fromIp(String ip) {
        Request request = new Request("GET").header("x-api-key", KEY);
        request.client = ip;
        return request;
    }

    private static ApiKeySettings keys(String header, String query) {
        String hash = ApiKeyHash.hex(KEY);
        return new ApiKeySettings(header, query, List.of(new ApiKeySettings.Credential(hash, "partner-a"),
                new ApiKeySettings.Credential("0".repeat(64), "partner-b")));
    }

    /** A request head as the gate sees it. */
    static final class Request implements EdgeRequest {

        private final String method;
        private final Map<String, String> headers = new HashMap<>();
        private final Map<String, String> query = new HashMap<>();
        private long length = -1;
        private String client = "127.0.0.1";

        Request(String method) {
            this.method = method;
        }

        Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Request query(String name, String value) {
            query.put(name, value);
            return this;
        }

        Request length(long bytes) {
            length = bytes;
            return this;
        }

        @Override
        public String method() {
            return method;
        }

        @Override
        public String header(String name) {
            return headers.get(name);
        }

        @Override
        public String queryParameter(String name) {
            return query.get(name);
        }

        @Override
        public long contentLength() {
            return length;
        }

        @Override
        public String clientAddress() {
            return client;
        }
    }

}
