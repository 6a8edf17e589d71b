package io.banyan.controlplane.xds;

import io.banyan.controlplane.xds.snapshot.InvalidResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the publisher held back from each node's snapshot ({@link InvalidResource}s), and their union across nodes,
 * read by the admin API and the metrics. Each new entry of the union is logged at WARN naming the service and the
 * reason, each resolved one at INFO. Written on the publisher's thread; {@link #current} and {@link #count} from any.
 */
final class HeldBack {

    private static final Logger log = LoggerFactory.getLogger(HeldBack.class);

    /** Touched only on the publisher's thread. */
    private final Map<String, List<InvalidResource>> byNode = new HashMap<>();
    private volatile List<InvalidResource> current = List.of();

    void record(String nodeId, List<InvalidResource> invalid) {
        if (invalid.isEmpty()) {
            byNode.remove(nodeId);
        } else {
            byNode.put(nodeId, invalid);
        }
    }

    void forget(String nodeId) {
        byNode.remove(nodeId);
    }

    /** Recomputes the union after a round of publishing, logging what appeared and what was resolved. */
    void settle() {
        Set<InvalidResource> union = new LinkedHashSet<>();
        byNode.values().forEach(union::addAll);
        List<InvalidResource> before = current;
        for (InvalidResource resource : union) {
            if (!before.contains(resource)) {
                log.warn("xDS {} '{}' of service '{}' held back (the sidecars would refuse it; its last good version,"
                        + " if any, stays published): {}", resource.kind(), resource.resource(), resource.service(),
                        resource.reason());
            }
        }
        for (InvalidResource resource : before) {
            if (!union.contains(resource)) {
                log.info("xDS {} '{}' of service '{}' is valid again or gone", resource.kind(), resource.resource(),
                        resource.service());
            }
        }
        current = List.copyOf(union);
    }

    List<InvalidResource> current() {
        return current;
    }

    int count(String kind) {
        return (int) current.stream().filter(resource -> resource.kind().equals(kind))
                .map(InvalidResource::resource).distinct().count();
    }
}
