package io.banyan.dataplane.xds;

import com.google.protobuf.BoolValue;
import io.banyan.dataplane.config.MirrorPolicy;
import io.envoyproxy.envoy.config.core.v3.RuntimeFractionalPercent;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteAction.RequestMirrorPolicy;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.type.v3.FractionalPercent;
import io.envoyproxy.envoy.type.v3.FractionalPercent.DenominatorType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** request_mirror_policies through the route translator, as the control plane emits them (docs/xds.md). */
class RequestMirrorTranslatorTest {

    private final RouteConfigTranslator translator = new RouteConfigTranslator();

    @Test
    void aRouteWithoutMirrorPoliciesMirrorsNothing() throws Exception {
        assertThat(mirrorsOf()).isEmpty();
    }

    @Test
    void aPolicyWithoutRuntimeFractionMirrorsEveryRequestWithTheShadowSuffix() throws Exception {
        assertThat(mirrorsOf(RequestMirrorPolicy.newBuilder().setCluster("orders-v2")))
                .containsExactly(MirrorPolicy.always("orders-v2"));
    }

    @Test
    void theControlPlanesPercentTimesTenThousandOverAMillionIsPartsPerMillion() throws Exception {
        // the contract: percent 12.5 -> numerator 125000, denominator MILLION
        assertThat(mirrorsOf(fraction("orders-v2", 125_000, DenominatorType.MILLION)))
                .containsExactly(new MirrorPolicy("orders-v2", 125_000, true));
    }

    @Test
    void everyDenominatorIsScaledToMillionthsAndANumeratorAboveItMeansEverything() throws Exception {
        assertThat(mirrorsOf(fraction("a", 10, DenominatorType.HUNDRED),
                fraction("b", 25, DenominatorType.TEN_THOUSAND), fraction("c", 250, DenominatorType.HUNDRED),
                fraction("d", 0, DenominatorType.MILLION)))
                .extracting(MirrorPolicy::partsPerMillion)
                .containsExactly(100_000, 2_500, MirrorPolicy.MILLION, 0);
    }

    @Test
    void disablingTheHostSuffixIsHonouredAndTraceSampledIgnored() throws Exception {
        assertThat(mirrorsOf(RequestMirrorPolicy.newBuilder().setCluster("orders-v2")
                .setDisableShadowHostSuffixAppend(true).setTraceSampled(BoolValue.of(false))))
                .containsExactly(new MirrorPolicy("orders-v2", MirrorPolicy.MILLION, false));
    }

    @Test
    void aClusterChosenByARequestHeaderIsNacked() {
        assertThatThrownBy(() -> mirrorsOf(RequestMirrorPolicy.newBuilder().setClusterHeader("x-mirror-to")))
                .isInstanceOf(InvalidResourceException.class)
                .hasMessageContaining("request_mirror_policies[0].cluster_header 'x-mirror-to' is unsupported");
    }

    @Test
    void aPolicyWithoutClusterIsNacked() {
        assertThatThrownBy(() -> mirrorsOf(RequestMirrorPolicy.newBuilder()))
                .isInstanceOf(InvalidResourceException.class)
                .hasMessageContaining("request_mirror_policies[0].cluster '' (expected: a cluster name)");
    }

    @Test
    void aRuntimeFractionWithoutDefaultValueIsNacked() {
        assertThatThrownBy(() -> mirrorsOf(RequestMirrorPolicy.newBuilder().setCluster("a")
                .setRuntimeFraction(RuntimeFractionalPercent.newBuilder().setRuntimeKey("mirror.a"))))
                .isInstanceOf(InvalidResourceException.class)
                .hasMessageContaining("runtime_fraction.default_value absent");
    }

    @Test
    void moreThanFourPoliciesAreNacked() {
        RequestMirrorPolicy.Builder[] five = new RequestMirrorPolicy.Builder[MirrorPolicy.MAX_PER_ROUTE + 1];
        for (int i = 0; i < five.length; i++) {
            five[i] = RequestMirrorPolicy.newBuilder().setCluster("shadow-" + i);
        }
        assertThatThrownBy(() -> mirrorsOf(five))
                .isInstanceOf(InvalidResourceException.class)
                .hasMessageContaining("request_mirror_policies: 5 (expected: at most 4)");
    }

    private static RequestMirrorPolicy.Builder fraction(String cluster, int numerator, DenominatorType denominator) {
        return RequestMirrorPolicy.newBuilder().setCluster(cluster)
                .setRuntimeFraction(RuntimeFractionalPercent.newBuilder().setDefaultValue(
                        FractionalPercent.newBuilder().setNumerator(numerator).setDenominator(denominator)));
    }

    private List<MirrorPolicy> mirrorsOf(RequestMirrorPolicy.Builder... policies) throws InvalidResourceException {
        RouteAction.Builder action = RouteAction.newBuilder().setCluster("orders");
        for (RequestMirrorPolicy.Builder policy : policies) {
            action.addRequestMirrorPolicies(policy);
        }
        RouteConfiguration config = RouteConfiguration.newBuilder().setName("outbound")
                .addVirtualHosts(VirtualHost.newBuilder().setName("orders").addDomains("orders")
                        .addRoutes(Route.newBuilder().setMatch(RouteMatch.newBuilder().setPrefix("/"))
                                .setRoute(action)))
                .build();
        return translator.translate(config).virtualHosts().get(0).routes().get(0).action().mirrors();
    }
}
