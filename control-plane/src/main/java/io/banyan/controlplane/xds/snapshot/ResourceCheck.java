package io.banyan.controlplane.xds.snapshot;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.banyan.dataplane.xds.ResourceDecoder;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the sidecars' own translators ({@link ResourceDecoder}) over one resource the control plane is about to
 * accept or publish: what they would NACK, the control plane refuses. Results are remembered per distinct content
 * (protobuf equality, a bounded LRU), so a resource every node shares is decoded once, not per node and change.
 * Thread-safe.
 */
public final class ResourceCheck {

    static final int CACHED_RESOURCES = 4096;

    private final ResourceDecoder decoder = new ResourceDecoder();
    private final Map<Message, List<String>> decoded = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Message, List<String>> eldest) {
            return size() > CACHED_RESOURCES;
        }
    };

    /** Why a sidecar would refuse {@code resource} (a Listener, RouteConfiguration, Cluster or ClusterLoadAssignment); empty when it would accept it. */
    public List<String> errors(Message resource) {
        synchronized (decoded) {
            List<String> known = decoded.get(resource);
            if (known != null) {
                return known;
            }
        }
        List<String> errors = decode(List.of(Any.pack(resource)), resource);
        synchronized (decoded) {
            decoded.put(resource, errors);
        }
        return errors;
    }

    private List<String> decode(List<Any> one, Message resource) {
        if (resource instanceof Listener) {
            return decoder.listeners(one).errors();
        }
        if (resource instanceof RouteConfiguration) {
            return decoder.routes(one).errors();
        }
        if (resource instanceof Cluster) {
            return decoder.clusters(one).errors();
        }
        if (resource instanceof ClusterLoadAssignment) {
            return decoder.endpoints(one).errors();
        }
        throw new IllegalArgumentException("resource: " + resource.getDescriptorForType().getFullName()
                + " (expected: a Listener, RouteConfiguration, Cluster or ClusterLoadAssignment)");
    }
}
