package io.banyan.dataplane.xds;

import com.google.protobuf.Any;
import com.google.protobuf.UInt32Value;
import io.banyan.dataplane.config.RateLimitSettings;
import io.banyan.dataplane.config.RetryOn;
import io.banyan.dataplane.config.RetryPolicy;
import io.banyan.dataplane.config.RouteAction;
import io.banyan.dataplane.config.RouteHash;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit;
import io.envoyproxy.envoy.type.v3.TokenBucket;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoutePolicyTranslatorTest {

    private final RouteConfigTranslator translator = new RouteConfigTranslator();

    private static com.google.protobuf.Duration millis(long ms) {
        return com.google.protobuf.Duration.newBuilder().setSeconds(ms / 1000).setNanos((int) (ms % 1000) * 1_000_000).build();
    }

    private static io.envoyproxy.envoy.config.route.v3.RouteAction.Builder toOrders() {
        return io.envoyproxy.envoy.config.route.v3.RouteAction.newBuilder().setCluster("orders");
    }

    private RouteAction translate(io.envoyproxy.envoy.config.route.v3.RouteAction.Builder action) throws Exception {
        return translate(VirtualHost.newBuilder(), action);
    }

    private RouteAction translate(VirtualHost.Builder host, io.envoyproxy.envoy.config.route.v3.RouteAction.Builder action)
            throws Exception {
        RouteConfiguration config = RouteConfiguration.newBuilder().setName("outbound")
                .addVirtualHosts(host.setName("orders").addDomains("orders").addRoutes(Route.newBuilder()
                        .setMatch(io.envoyproxy.envoy.config.route.v3.RouteMatch.newBuilder().setPrefix("/"))
                        .setRoute(action)))
                .build();
        return translator.translate(config).virtualHosts().get(0).routes().get(0).action();
    }

    @Test
    void withoutRetryPolicyTheIstioDefaultApplies() throws Exception {
        assertThat(translate(toOrders()).retryPolicy()).isEqualTo(RetryPolicy.istioDefault());
    }

    @Test
    void readsTheRetryPolicy() throws Exception {
        RouteAction action = translate(toOrders().setRetryPolicy(io.envoyproxy.envoy.config.route.v3.RetryPolicy.newBuilder()
                .setRetryOn("5xx,connect-failure,retriable-status-codes")
                .setNumRetries(UInt32Value.of(3))
                .setPerTryTimeout(millis(200))
                .setRetryBackOff(io.envoyproxy.envoy.config.route.v3.RetryPolicy.RetryBackOff.newBuilder()
                        .setBaseInterval(millis(10)).setMaxInterval(millis(50)))
                .addRetriableStatusCodes(409)));

        assertThat(action.retryPolicy()).isEqualTo(new RetryPolicy(
                Set.of(RetryOn.FIVE_XX, RetryOn.CONNECT_FAILURE, RetryOn.RETRIABLE_STATUS_CODES), 3,
                Duration.ofMillis(200), Duration.ofMillis(10), Duration.ofMillis(50), Set.of(409), Set.of(), false));
    }

    @Test
    void zeroRetriesIsNoRetries() throws Exception {
        RouteAction action = translate(toOrders().setRetryPolicy(io.envoyproxy.envoy.config.route.v3.RetryPolicy.newBuilder()
                .setRetryOn("5xx").setNumRetries(UInt32Value.of(0))));

        assertThat(action.retryPolicy().numRetries()).isZero();
    }

    @Test
    void rejectsAnUnknownRetryOnToken() {
        assertThatThrownBy(() -> translate(toOrders().setRetryPolicy(io.envoyproxy.envoy.config.route.v3.RetryPolicy
                .newBuilder().setRetryOn("5xx,envoy-ratelimited"))))
                .hasMessageStartingWith("route_config outbound: virtual_host 'orders' routes[0] retry_policy.retryOn: 'envoy-ratelimited'");
    }

    @Test
    void readsHashPoliciesInOrder() throws Exception {
        var hash = io.envoyproxy.envoy.config.route.v3.RouteAction.HashPolicy.newBuilder();
        RouteAction action = translate(toOrders()
                .addHashPolicy(hash.clone().setHeader(io.envoyproxy.envoy.config.route.v3.RouteAction.HashPolicy.Header
                        .newBuilder().setHeaderName("x-user")))
                .addHashPolicy(hash.clone().setCookie(io.envoyproxy.envoy.config.route.v3.RouteAction.HashPolicy.Cookie
                        .newBuilder().setName("session")))
                .addHashPolicy(hash.clone().setConnectionProperties(io.envoyproxy.envoy.config.route.v3.RouteAction
                        .HashPolicy.ConnectionProperties.newBuilder().setSourceIp(true))));

        assertThat(action.hash()).isEqualTo(new RouteHash(java.util.List.of(
                new RouteHash.Source(RouteHash.Kind.HEADER, "x-user"),
                new RouteHash.Source(RouteHash.Kind.COOKIE, "session"),
                new RouteHash.Source(RouteHash.Kind.SOURCE_IP, ""))));
    }

    @Test
    void rejectsQueryParameterHashing() {
        assertThatThrownBy(() -> translate(toOrders().addHashPolicy(io.envoyproxy.envoy.config.route.v3.RouteAction
                .HashPolicy.newBuilder().setQueryParameter(io.envoyproxy.envoy.config.route.v3.RouteAction.HashPolicy
                        .QueryParameter.newBuilder().setName("user")))))
                .hasMessageContaining("hash_policy[0] QUERY_PARAMETER is unsupported");
    }

    @Test
    void readsTheVirtualHostsLocalRateLimit() throws Exception {
        LocalRateLimit limit = LocalRateLimit.newBuilder().setStatPrefix("banyan_local_rate_limit")
                .setTokenBucket(TokenBucket.newBuilder().setMaxTokens(5).setTokensPerFill(UInt32Value.of(2))
                        .setFillInterval(millis(1000)))
                .build();
        VirtualHost.Builder host = VirtualHost.newBuilder()
                .putTypedPerFilterConfig(RoutePolicyTranslator.LOCAL_RATE_LIMIT, Any.pack(limit));

        assertThat(translate(host, toOrders()).rateLimit()).isEqualTo(new RateLimitSettings(5, 2, Duration.ofSeconds(1)));
        assertThat(translate(toOrders()).rateLimit()).isNull();
    }

    @Test
    void aBucketlessRateLimitLimitsNothing() throws Exception {
        VirtualHost.Builder host = VirtualHost.newBuilder().putTypedPerFilterConfig(RoutePolicyTranslator.LOCAL_RATE_LIMIT,
                Any.pack(LocalRateLimit.newBuilder().setStatPrefix("x").build()));

        assertThat(translate(host, toOrders()).rateLimit()).isNull();
    }
}
