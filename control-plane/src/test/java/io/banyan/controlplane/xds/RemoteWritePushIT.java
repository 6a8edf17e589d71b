package io.banyan.controlplane.xds;

import io.banyan.certs.CertificateAuthority;
import io.banyan.controlplane.ca.TestTls;
import io.banyan.controlplane.policy.LbPolicy;
import io.banyan.controlplane.policy.LoadBalancing;
import io.banyan.controlplane.policy.PolicyBook;
import io.banyan.controlplane.policy.TrafficPolicy;
import io.banyan.controlplane.registry.Registration;
import io.banyan.controlplane.registry.Registry;
import io.banyan.controlplane.revision.Revisions;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoredInstance;
import io.banyan.controlplane.store.StoredService;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static io.banyan.controlplane.xds.snapshot.Fixtures.webNode;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What another control-plane replica wrote reaches a sidecar connected to this one over a real ADS stream (TLS with
 * certificates of a test CA, 127.0.0.1, port 0): the other replica is simulated on the embedded store (its instance
 * and service written to the store's maps directly, its policy by a second book on the same store), and this
 * replica's registry and policy book are told of the changes as the store's follower would tell them.
 */
class RemoteWritePushIT {

    private static final String CDS = Resources.V3.CLUSTER_TYPE_URL;

    @TempDir
    Path dir;

    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final CertificateAuthority ca = TestTls.newCa();
    private Store store;
    private Registry registry;
    private PolicyBook policies;
    private PolicyBook otherReplica;
    private TestXdsServer xds;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        store = Store.open(dir);
        Revisions revisions = new Revisions(store, Clock.systemUTC(), meters);
        registry = new Registry(store, Clock.systemUTC(), meters);
        registry.register(Registration.builder().service("web").host("127.0.0.1").port(8080).build());
        registry.register(Registration.builder().service("orders").host("127.0.0.1").port(9001).build());
        policies = new PolicyBook(store, Clock.systemUTC(), revisions);
        otherReplica = new PolicyBook(store, Clock.systemUTC(), revisions);
        xds = TestXdsServer.start(ca, meters);
        registry.addListener(xds.publisher);
        policies.addListener(xds.publisher);
        channel = TestTls.channel(xds.port(), TestTls.workload(ca, "web"));
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        xds.close();
        registry.close();
        store.close();
    }

    @Test
    void aServiceRegisteredAndAPolicySetOnAnotherReplicaArePushedFromThisOne() throws Exception {
        AdsCall ads = AdsCall.open(channel, webNode("sidecar~web~127.0.0.1~remote"), CDS);
        DiscoveryResponse first = ads.next(CDS);
        assertThat(AdsCall.clusterNames(first)).noneMatch(name -> name.contains("payments"));
        ads.ack(first);

        store.services().put("payments", new StoredService("payments", Clock.systemUTC().instant()));
        store.instances().put("remote-1", new StoredInstance("remote-1", "payments", "127.0.0.1", 9003, null, null,
                100, 0, "http", Map.of(), true));
        registry.changed("services", "payments", "...");
        registry.changed("instances", "remote-1", "...");

        DiscoveryResponse withPayments = ads.next(CDS);
        assertThat(payments(withPayments)).isPresent();
        assertThat(payments(withPayments).get().getLbPolicy()).isNotEqualTo(Cluster.LbPolicy.LEAST_REQUEST);
        ads.ack(withPayments);

        otherReplica.put("payments", new TrafficPolicy(new LoadBalancing(LbPolicy.LEAST_REQUEST, null, true, 20),
                null, null, null, null, null, null));
        policies.changed("policies", "payments", store.policies().get("payments").orElseThrow().json());

        DiscoveryResponse withPolicy = ads.next(CDS);
        assertThat(payments(withPolicy)).get().extracting(Cluster::getLbPolicy)
                .isEqualTo(Cluster.LbPolicy.LEAST_REQUEST);
        ads.ack(withPolicy);

        store.instances().remove("remote-1");
        store.services().remove("payments");
        registry.changed("instances", "remote-1", null);
        registry.changed("services", "payments", null);

        DiscoveryResponse without = ads.next(CDS);
        assertThat(payments(without)).isEmpty();
    }

    private static Optional<Cluster> payments(DiscoveryResponse response) throws Exception {
        for (var any : response.getResourcesList()) {
            Cluster cluster = any.unpack(Cluster.class);
            if (cluster.getName().contains("payments")) {
                return Optional.of(cluster);
            }
        }
        return Optional.empty();
    }
}
