package io.banyan.controlplane.xds.snapshot;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.banyan.api.xds.NodeMetadata;
import io.banyan.api.xds.Upstream;
import io.banyan.controlplane.registry.Instance;
import io.banyan.controlplane.registry.InstanceHealth;
import io.banyan.controlplane.registry.Protocol;
import io.banyan.controlplane.registry.RegistrySnapshot;
import io.envoyproxy.envoy.config.core.v3.Node;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Registry snapshots and nodes for the xDS tests. */
public final class Fixtures {

    public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private Fixtures() {
    }

    public static InstanceHealth instance(String id, String service, String host, int port, String zone, int weight,
                                   Protocol protocol, boolean healthy) {
        return new InstanceHealth(new Instance(id, service, host, port, zone, "v1", weight, Duration.ofSeconds(10),
                protocol, Map.of(), true), healthy, T0);
    }

    /** orders: two healthy (zones a and b) and one unhealthy; payments: one healthy grpc; idle: none. */
    public static RegistrySnapshot registry(long revision, boolean ordersOneHealthy) {
        TreeMap<String, List<InstanceHealth>> services = new TreeMap<>();
        services.put("orders", List.of(
                instance("o1", "orders", "10.0.0.1", 8080, "a", 3, Protocol.HTTP, ordersOneHealthy),
                instance("o2", "orders", "10.0.0.2", 8080, "b", 1, Protocol.HTTP, true),
                instance("o3", "orders", "10.0.0.3", 8080, "a", 1, Protocol.HTTP, false)));
        services.put("payments", List.of(
                instance("p1", "payments", "10.0.1.1", 9090, "a", 1, Protocol.GRPC, true)));
        services.put("idle", List.of());
        return new RegistrySnapshot(revision, services);
    }

    public static Value string(String value) {
        return Value.newBuilder().setStringValue(value).build();
    }

    public static Value number(double value) {
        return Value.newBuilder().setNumberValue(value).build();
    }

    public static Value list(String... values) {
        ListValue.Builder list = ListValue.newBuilder();
        Arrays.stream(values).forEach(value -> list.addValues(string(value)));
        return Value.newBuilder().setListValue(list).build();
    }

    /**
     * A Banyan sidecar of 'web' with an app on 8080, upstreams orders=9001, ghost=9002 and {@code --upstream '*'}:
     * every service, as the policy, route and guard tests need ({@link #scopedWebNode} declares no '*').
     */
    public static Node webNode(String id) {
        Node node = scopedWebNode(id);
        return node.toBuilder().setMetadata(Struct.newBuilder(node.getMetadata())
                .putFields(NodeMetadata.UPSTREAMS, list("orders=9001", "ghost=9002", Upstream.ALL))).build();
    }

    /** A Banyan sidecar of 'web' with an app on 8080 and upstreams orders=9001, ghost=9002 only: its scope. */
    public static Node scopedWebNode(String id) {
        return Node.newBuilder()
                .setId(id)
                .setCluster("web")
                .setMetadata(Struct.newBuilder()
                        .putFields(NodeMetadata.SERVICE, string("web"))
                        .putFields(NodeMetadata.UPSTREAMS, list("orders=9001", "ghost=9002"))
                        .putFields(NodeMetadata.OUTBOUND_PORT, number(15001))
                        .putFields(NodeMetadata.INBOUND_PORT, number(15006))
                        .putFields(NodeMetadata.APP_PORT, number(8080))
                        .putFields(NodeMetadata.ZONE, string("a")))
                .build();
    }

    /** {@link #webNode} whose app speaks {@code appProtocol} (http, http2, grpc, tcp). */
    public static Node webNodeWithApp(String appProtocol) {
        Node node = webNode("sidecar~web~h~1");
        return node.toBuilder().setMetadata(Struct.newBuilder(node.getMetadata())
                .putFields(NodeMetadata.APP_PROTOCOL, string(appProtocol))).build();
    }
}
