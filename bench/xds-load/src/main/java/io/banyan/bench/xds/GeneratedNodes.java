package io.banyan.bench.xds;

import io.banyan.api.xds.NodeMetadata;
import io.banyan.api.xds.NodeMetadataCodec;
import io.banyan.api.xds.SidecarMetadata;
import io.banyan.api.xds.Upstream;
import io.envoyproxy.envoy.config.core.v3.Node;

import java.util.ArrayList;
import java.util.List;

/**
 * The xDS {@link Node} of a generated sidecar, with the keys a real one sends ({@code sidecar.xds.NodeFactory}):
 * id {@code sidecar~<service>~<host>~<unique>}, its service as cluster, an app behind the default inbound port, the
 * default shared outbound port, and one explicit outbound port per declared upstream (from
 * {@value #FIRST_UPSTREAM_PORT}).
 */
public final class GeneratedNodes {

    static final int FIRST_UPSTREAM_PORT = 20_000;
    static final int APP_PORT = 8080;

    private GeneratedNodes() {
    }

    public static Node of(Topology.NodeSpec spec) {
        List<Upstream> upstreams = new ArrayList<>();
        for (int k = 0; k < spec.upstreams().size(); k++) {
            upstreams.add(new Upstream(spec.upstreams().get(k), FIRST_UPSTREAM_PORT + k));
        }
        SidecarMetadata metadata = SidecarMetadata.of(spec.service(), "", upstreams,
                NodeMetadata.DEFAULT_OUTBOUND_PORT, NodeMetadata.DEFAULT_INBOUND_PORT, APP_PORT, "http");
        String host = "10.250." + (spec.index() / 256 % 256) + "." + (spec.index() % 256);
        return Node.newBuilder()
                .setId("sidecar~" + spec.service() + "~" + host + "~" + String.format("%08x", spec.index()))
                .setCluster(spec.service())
                .setUserAgentName("banyan-xds-load")
                .setMetadata(NodeMetadataCodec.encode(metadata))
                .build();
    }
}
