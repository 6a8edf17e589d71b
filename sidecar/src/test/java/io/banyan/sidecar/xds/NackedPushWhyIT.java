package io.banyan.sidecar.xds;

import io.banyan.api.xds.XdsProtocol;
import io.banyan.dataplane.xds.XdsType;
import io.banyan.primitives.time.Backoff;
import io.banyan.sidecar.diagnose.Declared;
import io.banyan.sidecar.diagnose.Diagnosis;
import io.banyan.sidecar.diagnose.RecentFailures;
import io.banyan.sidecar.diagnose.ServiceWhy;
import io.banyan.sidecar.diagnose.WhyText;
import io.banyan.testkit.xds.XdsResources;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A push the xDS client refuses (NACK) shows in {@code /debug/why}'s diagnosis: the type, the version refused and why,
 * the version kept, in the data and in the verdict; a later valid push clears it.
 */
class NackedPushWhyIT {

    private final TestAdsServer server = new TestAdsServer();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private ControlPlaneChannels channels;
    private AdsClient client;
    private Diagnosis diagnosis;

    @BeforeEach
    void start() {
        server.start();
        channels = new ControlPlaneChannels("127.0.0.1", server.port());
        var settings = io.banyan.sidecar.SidecarSettings.builder("web", "127.0.0.1:" + server.port(),
                Path.of("/tmp/banyan-xds-it")).upstreams(Map.of("orders", 9001)).build();
        var node = new NodeFactory(settings.instance()).create(0, 15001, Map.of("orders", 9001));
        client = AdsClient.builder(channels.channel(), node, new RecordingListener()).protocol(XdsProtocol.SOTW)
                .meterRegistry(meters).backoff(Backoff.exponential(Duration.ofMillis(50), Duration.ofMillis(500)))
                .build();
        diagnosis = new Diagnosis(client::currentConfig, Diagnosis.Live.NONE, client::status,
                new Declared(Map.of("orders", 9001), Set.of(), false, false), new RecentFailures(), meters,
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        client.close();
        channels.close();
        server.close();
    }

    private static Snapshot snapshot(String version, int listenerPort) {
        Cluster cluster = XdsResources.edsCluster("orders");
        Listener listener = XdsResources.listener("outbound|15001", listenerPort, "outbound");
        return Snapshot.create(List.of(cluster), List.of(XdsResources.endpoints("orders", "zone-a", 8081)),
                List.of(listener), List.of(XdsResources.routes("outbound", "orders", "orders")), List.of(), version);
    }

    private ServiceWhy.TypeState listenerState() {
        return diagnosis.service("orders").orElseThrow().config().types().stream()
                .filter(type -> type.type().equals(XdsType.LISTENER.shortName())).findFirst().orElseThrow();
    }

    @Test
    void aRefusedListenerPushShowsWithItsReasonAndTheVersionKeptUntilAValidOneArrives() throws Exception {
        server.setSnapshot(snapshot("1", 15001));
        client.start();
        client.firstConfig().get(10, TimeUnit.SECONDS);
        assertThat(listenerState().nacked()).isFalse();

        server.setSnapshot(snapshot("2", 70000));

        await().atMost(Duration.ofSeconds(10)).until(() -> listenerState().nacked());
        ServiceWhy why = diagnosis.service("orders").orElseThrow();
        ServiceWhy.TypeState listener = listenerState();
        assertThat(listener.acked()).isEqualTo("1");
        assertThat(listener.lastNack().version()).isEqualTo("2");
        assertThat(listener.lastNack().message()).contains("port_value 70000");
        assertThat(why.config().connected()).isTrue();
        assertThat(why.verdict()).contains("The last listener push was refused (NACK of version 2: ")
                .contains("port_value 70000").contains("the sidecar keeps version 1");
        assertThat(WhyText.of(why)).contains("config listener acked 1, last push NACKED, last NACK version 2");
        assertThat(why.endpoints()).extracting(ServiceWhy.EndpointState::address).containsExactly("127.0.0.1:8081");

        server.setSnapshot(snapshot("3", 15002));

        await().atMost(Duration.ofSeconds(10)).until(() -> "3".equals(listenerState().acked()));
        assertThat(listenerState().nacked()).isFalse();
        assertThat(listenerState().lastNack().version()).as("the last NACK is kept for diagnosis").isEqualTo("2");
        assertThat(diagnosis.service("orders").orElseThrow().verdict()).doesNotContain("refused");
    }
}
