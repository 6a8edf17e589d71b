package io.banyan.dataplane.xds;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.banyan.dataplane.config.AppConfig;
import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.ClusterEndpoints;
import io.banyan.dataplane.config.ListenerConfig;
import io.banyan.dataplane.config.RouteConfig;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Unpacks and translates every resource of one DiscoveryResponse, collecting what is wrong with each. */
public final class ResourceDecoder {

    /**
     * The translated resources by name, or the reasons they cannot be accepted.
     *
     * @param resources the valid resources by name
     * @param errors    every error, in order (the NACK's error_detail)
     * @param rejected  the names of refused resources whose name could be read, each with its error: a client
     *                  applying a response per resource keeps their last accepted version
     */
    public record Decoded<R>(Map<String, R> resources, List<String> errors, Map<String, String> rejected) {

        public Decoded {
            resources = Map.copyOf(resources);
            errors = List.copyOf(errors);
            rejected = Map.copyOf(rejected);
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
    private final AppConfigTranslator appConfigs = new AppConfigTranslator();

    public Decoded<ListenerConfig> listeners(List<Any> resources) {
        return decode(XdsType.LISTENER, ListenerTranslator.KIND, resources, Listener.class, listeners::translate,
                ListenerConfig::name, Listener::getName);
    }

    public Decoded<RouteConfig> routes(List<Any> resources) {
        return decode(XdsType.ROUTE, RouteConfigTranslator.KIND, resources, RouteConfiguration.class,
                routes::translate, RouteConfig::name, RouteConfiguration::getName);
    }

    public Decoded<ClusterConfig> clusters(List<Any> resources) {
        return decode(XdsType.CLUSTER, ClusterTranslator.KIND, resources, Cluster.class, clusters::translate,
                ClusterConfig::name, Cluster::getName);
    }

    public Decoded<ClusterEndpoints> endpoints(List<Any> resources) {
        return decode(XdsType.ENDPOINT, EndpointsTranslator.KIND, resources, ClusterLoadAssignment.class,
                endpoints::translate, ClusterEndpoints::clusterName, ClusterLoadAssignment::getClusterName);
    }

    /** App configurations (SDS Secrets {@code app-config/<service>}) by their Secret's name. */
    public Decoded<AppConfig> appConfigs(List<Any> resources) {
        return decode(XdsType.SECRET, AppConfigTranslator.KIND, resources, Secret.class, appConfigs::translate,
                (secret, config) -> secret.getName(), Secret::getName);
    }

    private static <M extends Message, R> Decoded<R> decode(XdsType type, String kind, List<Any> resources,
                                                           Class<M> messageType, Translation<M, R> translation,
                                                           Function<R, String> nameOf,
                                                           Function<M, String> messageName) {
        return decode(type, kind, resources, messageType, translation,
                (message, resource) -> nameOf.apply(resource), messageName);
    }

    private static <M extends Message, R> Decoded<R> decode(XdsType type, String kind, List<Any> resources,
                                                           Class<M> messageType, Translation<M, R> translation,
                                                           BiFunction<M, R, String> nameOf,
                                                           Function<M, String> messageName) {
        Map<String, R> translated = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        Map<String, String> rejected = new LinkedHashMap<>();
        for (int i = 0; i < resources.size(); i++) {
            Any any = resources.get(i);
            if (!type.typeUrl().equals(any.getTypeUrl())) {
                errors.add("resources[" + i + "]: type " + any.getTypeUrl() + " (expected: " + type.typeUrl() + ")");
                continue;
            }
            M message;
            try {
                message = ProtoFields.unpack(any, messageType, "resources[" + i + "]", kind, "#" + i);
            } catch (InvalidResourceException e) {
                errors.add(e.getMessage());
                continue;
            }
            String error;
            try {
                R resource = translation.translate(message);
                String name = nameOf.apply(message, resource);
                if (translated.putIfAbsent(name, resource) == null) {
                    continue;
                }
                error = kind + " " + name + ": name repeated (expected: unique names in a response)";
            } catch (InvalidResourceException e) {
                error = e.getMessage();
            } catch (RuntimeException e) {
                // A check a translator missed: still a NACK naming the resource, never a broken stream.
                error = kind + " #" + i + ": " + e.getMessage() + " (expected: a valid " + kind + ")";
            }
            errors.add(error);
            String name = messageName.apply(message);
            rejected.putIfAbsent(name, error);
        }
        rejected.keySet().forEach(translated::remove); // a name refused once (or repeated) is not trusted
        return new Decoded<>(translated, errors, rejected);
    }
}
