package io.banyan.dataplane.xds;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.ClusterEndpoints;
import io.banyan.dataplane.config.ListenerConfig;
import io.banyan.dataplane.config.RouteConfig;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Unpacks and translates every resource of one DiscoveryResponse, collecting what is wrong with each. */
public final class ResourceDecoder {

    /** The translated resources by name, or the reasons they cannot be accepted. */
    public record Decoded<R>(Map<String, R> resources, List<String> errors) {

        public Decoded {
            resources = Map.copyOf(resources);
            errors = List.copyOf(errors);
        }

        public boolean valid() {
            return errors.isEmpty();
        }

        /** The NACK's error_detail message: every error, in order. */
        public String errorMessage() {
            return String.join("; ", errors);
        }
    }

    @FunctionalInterface
    private interface Translation<M, R> {
        R translate(M message) throws InvalidResourceException;
    }

    private final ListenerTranslator listeners = new ListenerTranslator();
    private final RouteConfigTranslator routes = new RouteConfigTranslator();
    private final ClusterTranslator clusters = new ClusterTranslator();
    private final EndpointsTranslator endpoints = new EndpointsTranslator();

    public Decoded<ListenerConfig> listeners(List<Any> resources) {
        return decode(XdsType.LISTENER, ListenerTranslator.KIND, resources, Listener.class, listeners::translate,
                ListenerConfig::name);
    }

    public Decoded<RouteConfig> routes(List<Any> resources) {
        return decode(XdsType.ROUTE, RouteConfigTranslator.KIND, resources, RouteConfiguration.class,
                routes::translate, RouteConfig::name);
    }

    public Decoded<ClusterConfig> clusters(List<Any> resources) {
        return decode(XdsType.CLUSTER, ClusterTranslator.KIND, resources, Cluster.class, clusters::translate,
                ClusterConfig::name);
    }

    public Decoded<ClusterEndpoints> endpoints(List<Any> resources) {
        return decode(XdsType.ENDPOINT, EndpointsTranslator.KIND, resources, ClusterLoadAssignment.class,
                endpoints::translate, ClusterEndpoints::clusterName);
    }

    private static <M extends Message, R> Decoded<R> decode(XdsType type, String kind, List<Any> resources,
                                                           Class<M> messageType, Translation<M, R> translation,
                                                           Function<R, String> nameOf) {
        Map<String, R> translated = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < resources.size(); i++) {
            Any any = resources.get(i);
            if (!type.typeUrl().equals(any.getTypeUrl())) {
                errors.add("resources[" + i + "]: type " + any.getTypeUrl() + " (expected: " + type.typeUrl() + ")");
                continue;
            }
            try {
                R resource = translation.translate(ProtoFields.unpack(any, messageType, "resources[" + i + "]",
                        kind, "#" + i));
                String name = nameOf.apply(resource);
                if (translated.putIfAbsent(name, resource) != null) {
                    errors.add(kind + " " + name + ": name repeated (expected: unique names in a response)");
                }
            } catch (InvalidResourceException e) {
                errors.add(e.getMessage());
            } catch (RuntimeException e) {
                // A check a translator missed: still a NACK naming the resource, never a broken stream.
                errors.add(kind + " #" + i + ": " + e.getMessage() + " (expected: a valid " + kind + ")");
            }
        }
        return new Decoded<>(translated, errors);
    }
}
