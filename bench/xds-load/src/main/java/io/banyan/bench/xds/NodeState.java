package io.banyan.bench.xds;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.banyan.dataplane.xds.XdsType;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;

import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The resources one generated node holds, by type and name, as received (packed; parsed only when a check reads
 * one). It learns the EDS names to subscribe from its Clusters and the RDS names from its Listeners, as a sidecar
 * does. Written by the node's stream only; read from any thread.
 */
public final class NodeState implements NodeView {

    private final Topology.NodeSpec spec;
    private final Map<XdsType, Map<String, Any>> resources = new EnumMap<>(XdsType.class);
    private final Map<String, Optional<String>> edsNameByCluster = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> routeNamesByListener = new ConcurrentHashMap<>();
    private final Set<XdsType> received = ConcurrentHashMap.newKeySet();

    public NodeState(Topology.NodeSpec spec) {
        this.spec = spec;
        for (XdsType type : XdsType.values()) {
            resources.put(type, new ConcurrentHashMap<>());
        }
    }

    public Topology.NodeSpec spec() {
        return spec;
    }

    /** A state-of-the-world response: the type's resources are exactly these. */
    public void replace(XdsType type, Collection<Any> all) {
        Map<String, Any> next = new HashMap<>();
        for (Any resource : all) {
            next.put(ResourceName.of(resource), resource);
        }
        Map<String, Any> current = resources.get(type);
        current.keySet().retainAll(next.keySet());
        next.forEach((name, resource) -> put(type, name, resource));
        received.add(type);
    }

    /** A delta response: these are added or updated, those removed. */
    public void update(XdsType type, Map<String, Any> changed, Collection<String> removed) {
        changed.forEach((name, resource) -> put(type, name, resource));
        for (String name : removed) {
            resources.get(type).remove(name);
            if (type == XdsType.CLUSTER) {
                edsNameByCluster.remove(name);
            } else if (type == XdsType.LISTENER) {
                routeNamesByListener.remove(name);
            }
        }
        received.add(type);
    }

    private void put(XdsType type, String name, Any resource) {
        Any previous = resources.get(type).put(name, resource);
        if (resource.equals(previous)) {
            return;
        }
        if (type == XdsType.CLUSTER) {
            edsNameByCluster.put(name, edsName(parse(resource, Cluster.class)));
        } else if (type == XdsType.LISTENER) {
            routeNamesByListener.put(name, routeNames(parse(resource, Listener.class)));
        }
    }

    /** The ClusterLoadAssignments to subscribe to: one per EDS cluster held. */
    public Set<String> endpointNames() {
        Set<String> names = new TreeSet<>();
        edsNameByCluster.forEach((cluster, eds) -> {
            if (resources.get(XdsType.CLUSTER).containsKey(cluster)) {
                eds.ifPresent(names::add);
            }
        });
        return names;
    }

    /** The RouteConfigurations to subscribe to: those the Listeners held name. */
    public Set<String> routeNames() {
        Set<String> names = new TreeSet<>();
        routeNamesByListener.forEach((listener, routes) -> {
            if (resources.get(XdsType.LISTENER).containsKey(listener)) {
                names.addAll(routes);
            }
        });
        return names;
    }

    /** Whether the node holds its whole config: Clusters, Listeners, and every endpoint and route they name. */
    public boolean complete() {
        return received.contains(XdsType.CLUSTER) && received.contains(XdsType.LISTENER)
                && resources.get(XdsType.ENDPOINT).keySet().containsAll(endpointNames())
                && resources.get(XdsType.ROUTE).keySet().containsAll(routeNames());
    }

    public int count(XdsType type) {
        return resources.get(type).size();
    }

    @Override
    public boolean declares(String service) {
        return spec.declares(service);
    }

    @Override
    public boolean holdsCluster(String service) {
        return resources.get(XdsType.CLUSTER).containsKey(service);
    }

    @Override
    public Optional<Cluster> cluster(String name) {
        return Optional.ofNullable(resources.get(XdsType.CLUSTER).get(name)).map(any -> parse(any, Cluster.class));
    }

    @Override
    public Optional<ClusterLoadAssignment> endpoints(String name) {
        return Optional.ofNullable(resources.get(XdsType.ENDPOINT).get(name))
                .map(any -> parse(any, ClusterLoadAssignment.class));
    }

    private static Optional<String> edsName(Cluster cluster) {
        if (cluster.getType() != Cluster.DiscoveryType.EDS) {
            return Optional.empty();
        }
        String serviceName = cluster.getEdsClusterConfig().getServiceName();
        return Optional.of(serviceName.isEmpty() ? cluster.getName() : serviceName);
    }

    private static Set<String> routeNames(Listener listener) {
        Set<String> names = new TreeSet<>();
        for (FilterChain chain : listener.getFilterChainsList()) {
            addRouteNames(chain, names);
        }
        if (listener.hasDefaultFilterChain()) {
            addRouteNames(listener.getDefaultFilterChain(), names);
        }
        return names;
    }

    private static void addRouteNames(FilterChain chain, Set<String> names) {
        for (Filter filter : chain.getFiltersList()) {
            if (filter.hasTypedConfig() && filter.getTypedConfig().is(HttpConnectionManager.class)) {
                HttpConnectionManager manager = parse(filter.getTypedConfig(), HttpConnectionManager.class);
                if (manager.hasRds()) {
                    names.add(manager.getRds().getRouteConfigName());
                }
            }
        }
    }

    private static <T extends com.google.protobuf.Message> T parse(Any any, Class<T> type) {
        try {
            return any.unpack(type);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("resource: not a " + type.getSimpleName() + " (" + e.getMessage() + ")",
                    e);
        }
    }
}
