package io.banyan.dataplane.xds;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.banyan.api.xds.ResourceNames;
import io.banyan.dataplane.config.JsonPathPattern;
import io.banyan.dataplane.config.MirrorPolicy;
import io.banyan.dataplane.config.RouteConfig;
import io.banyan.dataplane.config.ShadowCompare;
import io.banyan.dataplane.config.ShadowCompare.BodyMode;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteAction.RequestMirrorPolicy;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The route metadata io.banyan.shadow: to every mirror policy of its route, and NACKed naming the field. */
class ShadowCompareTranslatorTest {

    private static final ShadowCompare JSON = new ShadowCompare(false, List.of("content-type", "etag"), BodyMode.JSON,
            List.of(JsonPathPattern.parse("$.timestamp"), JsonPathPattern.parse("$.items[*].updatedAt")), 4096);

    @Test
    void everyMirrorPolicyOfTheRouteGetsTheComparisonTheControlPlaneWrote() throws Exception {
        List<MirrorPolicy> mirrors = mirrorsOf(ShadowCompareTranslator.struct("orders-move", JSON), "a", "b");

        assertThat(mirrors).extracting(MirrorPolicy::compare).containsExactly(JSON, JSON);
        assertThat(mirrors).extracting(MirrorPolicy::cluster).containsExactly("a", "b");
    }

    @Test
    void aRouteWithoutTheEntryComparesNothing() throws Exception {
        assertThat(mirrorsOf(null, "a")).extracting(MirrorPolicy::compare).containsOnlyNulls();
    }

    @Test
    void absentFieldsTakeTheDefaults() {
        Struct bare = Struct.newBuilder().putFields("migration", string("m"))
                .putFields("compare", Value.newBuilder().setStructValue(Struct.getDefaultInstance()).build()).build();

        assertThat(ShadowCompareTranslator.translate(bare)).isEqualTo(ShadowCompare.DEFAULT);
        assertThat(ShadowCompareTranslator.translate(Struct.getDefaultInstance())).isEqualTo(ShadowCompare.DEFAULT);
    }

    @Test
    void aMalformedEntryIsRefusedNamingTheRouteAndTheField() {
        assertThatThrownBy(() -> mirrorsOf(compare("body", string("xml")), "a"))
                .isInstanceOf(InvalidResourceException.class)
                .hasMessage("route_config rc: virtual_host 'orders' routes[0] metadata.filter_metadata['io.banyan.shadow']"
                        + " compare.body: 'xml' (expected: exact, json or none)");
        assertThatThrownBy(() -> mirrorsOf(compare("colour", string("red")), "a"))
                .hasMessageEndingWith("compare.colour is unknown (expected: body, headers, ignore, maxBodyBytes, status)");
        assertThatThrownBy(() -> mirrorsOf(compare("status", string("yes")), "a"))
                .hasMessageEndingWith("compare.status: STRING_VALUE (expected: true or false)");
        assertThatThrownBy(() -> mirrorsOf(compare("maxBodyBytes", Value.newBuilder().setNumberValue(1.5).build()), "a"))
                .hasMessageEndingWith("compare.maxBodyBytes: NUMBER_VALUE (expected: a whole number 1..1048576)");
        assertThatThrownBy(() -> mirrorsOf(compare("maxBodyBytes", Value.newBuilder().setNumberValue(0).build()), "a"))
                .hasMessageEndingWith("compare.maxBodyBytes: 0 (expected: 1..1048576)");
        assertThatThrownBy(() -> mirrorsOf(compare("ignore", list(string("$.a[x]"))), "a"))
                .hasMessageEndingWith("compare.ignore[0]: '$.a[x]' at 4: 'x' (expected: a digit, * or a quoted name)");
        assertThatThrownBy(() -> mirrorsOf(compare("headers", list(Value.newBuilder().setNumberValue(1).build())), "a"))
                .hasMessageEndingWith("compare.headers[0]: NUMBER_VALUE (expected: a string)");
        assertThatThrownBy(() -> mirrorsOf(compare("ignore", list(string("$.a"))), "a"))
                .hasMessageEndingWith("compare.ignore: [$.a] with body exact (expected: ignore only with body json)");
        assertThatThrownBy(() -> mirrorsOf(Struct.newBuilder().putFields("migrations", string("m")).build(), "a"))
                .hasMessageEndingWith("migrations is unknown (expected: compare, migration)");
    }

    private static Struct compare(String field, Value value) {
        return Struct.newBuilder().putFields("migration", string("m")).putFields("compare", Value.newBuilder()
                .setStructValue(Struct.newBuilder().putFields(field, value)).build()).build();
    }

    private static Value string(String text) {
        return Value.newBuilder().setStringValue(text).build();
    }

    private static Value list(Value... values) {
        return Value.newBuilder().setListValue(ListValue.newBuilder().addAllValues(List.of(values))).build();
    }

    private static List<MirrorPolicy> mirrorsOf(Struct shadow, String... clusters) throws InvalidResourceException {
        RouteAction.Builder action = RouteAction.newBuilder().setCluster("orders");
        for (String cluster : clusters) {
            action.addRequestMirrorPolicies(RequestMirrorPolicy.newBuilder().setCluster(cluster));
        }
        Route.Builder route = Route.newBuilder().setMatch(RouteMatch.newBuilder().setPrefix("/")).setRoute(action);
        if (shadow != null) {
            route.setMetadata(Metadata.newBuilder().putFilterMetadata(ResourceNames.SHADOW_METADATA, shadow));
        }
        RouteConfig config = new RouteConfigTranslator().translate(RouteConfiguration.newBuilder().setName("rc")
                .addVirtualHosts(VirtualHost.newBuilder().setName("orders").addDomains("*").addRoutes(route)).build());
        return config.virtualHosts().get(0).routes().get(0).action().mirrors();
    }
}
