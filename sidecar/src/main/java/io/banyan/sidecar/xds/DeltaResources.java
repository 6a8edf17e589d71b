package io.banyan.sidecar.xds;

import com.google.protobuf.Any;
import io.banyan.dataplane.xds.XdsType;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The resources incremental ADS responses sent, per type, as last sent (accepted or not): each response's added
 * resources replace those of the same name, its removed names are dropped. It turns a delta response into what the
 * state-of-the-world path applies ({@link AdsResponse}): for CDS and LDS every resource held — a delta of the
 * wildcard types is applied as the state of the world it leaves — and for EDS, RDS and SDS those sent. So one
 * translation, one set of rules, for both protocols. Outlives streams: a reconnecting client resumes with its
 * versions. Confined to the client's thread.
 */
final class DeltaResources {

    private final Map<XdsType, Map<String, Resource>> held = new EnumMap<>(XdsType.class);

    /** Records the response and returns what to apply. */
    AdsResponse apply(XdsType type, DeltaDiscoveryResponse response) {
        Map<String, Resource> resources = held.computeIfAbsent(type, t -> new TreeMap<>());
        response.getRemovedResourcesList().forEach(resources::remove);
        List<Any> sent = new ArrayList<>();
        for (Resource resource : response.getResourcesList()) {
            resources.put(resource.getName(), resource);
            sent.add(resource.getResource());
        }
        List<Any> toApply = type.wildcard()
                ? resources.values().stream().map(Resource::getResource).toList()
                : sent;
        return new AdsResponse(response.getTypeUrl(), response.getSystemVersionInfo(), response.getNonce(), toApply);
    }

    /**
     * Keeps of a named type (EDS, RDS) only the resources still subscribed: the server sends no removal for a name
     * the client unsubscribed, so what is held stays bounded by what the client asks for.
     */
    void retain(XdsType type, Set<String> subscribed) {
        Map<String, Resource> resources = held.get(type);
        if (resources != null) {
            resources.keySet().retainAll(subscribed);
        }
    }

    /** Name to version of each resource of the type held. */
    Map<String, String> versions(XdsType type) {
        Map<String, String> versions = new TreeMap<>();
        held.getOrDefault(type, Map.of()).forEach((name, resource) -> versions.put(name, resource.getVersion()));
        return versions;
    }

    /** Every resource of the type held, by name. */
    List<Resource> held(XdsType type) {
        return List.copyOf(held.getOrDefault(type, Map.of()).values());
    }

    /** Holds {@code resources} (restored from the data dir) as if a response had sent them. */
    void restore(XdsType type, List<Resource> resources) {
        Map<String, Resource> byName = held.computeIfAbsent(type, t -> new TreeMap<>());
        byName.clear();
        resources.forEach(resource -> byName.put(resource.getName(), resource));
    }
}
