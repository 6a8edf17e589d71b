package io.banyan.controlplane.xds.snapshot;

import com.google.protobuf.Message;
import io.banyan.api.xds.ResourceNames;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The last version of each shared resource that passed the {@link SnapshotGuard}, node-independent: clusters and
 * endpoint sets by service, route tables by name ({@code upstream|<service>}, {@code gateway|<name>}) and the
 * shared {@code outbound} table's virtual hosts by service. Every node that needs a refused shared resource gets
 * the same last good version — a node that connects (or reconnects) after the bad object was stored included —
 * so the mesh stays consistent. Node-owned resources (listeners, the {@code inbound|<port>} cluster, the
 * {@code inbound} table) differ per node and are not kept here. Held in memory only: after a restart a refused
 * resource has no last good version and every node goes without it alike. Names unseen in a full round of
 * publishing are dropped ({@link #endRound}), so memory is bounded by the resources the mesh currently has.
 * Not thread-safe: used on the publisher's thread.
 */
final class LastGood {

    /** The kind under which the {@code outbound} table's virtual hosts are kept, by service. */
    static final String VIRTUAL_HOST = "vhost";

    private final Map<String, Message> resources = new HashMap<>();
    private final Set<String> seen = new HashSet<>();

    /**
     * Whether a resource of {@code kind} named {@code name} is the same on every node that gets it (the
     * {@code outbound} table as a whole is not: its hosts are the registry plus the node's upstreams).
     */
    static boolean shared(String kind, String name) {
        return switch (kind) {
            case "cluster", "endpoint" -> !name.startsWith(ResourceNames.INBOUND_CLUSTER_PREFIX);
            case "route" -> !name.equals(ResourceNames.INBOUND_ROUTES) && !name.equals(ResourceNames.OUTBOUND_ROUTES);
            case VIRTUAL_HOST -> true;
            default -> false;
        };
    }

    /** Remembers a resource (or outbound virtual host) that passed the guard; node-owned ones are ignored. */
    void accepted(String kind, String name, Message resource) {
        if (shared(kind, name)) {
            resources.put(key(kind, name), resource);
        }
    }

    /** Marks a shared resource as still present in this round, whether it passed or not. */
    void seen(String kind, String name) {
        if (shared(kind, name)) {
            seen.add(key(kind, name));
        }
    }

    /** The last version of a shared resource that passed, if any. */
    Optional<Message> get(String kind, String name) {
        return Optional.ofNullable(resources.get(key(kind, name)));
    }

    /** After every known node was published: forgets what no node has any more. */
    void endRound() {
        resources.keySet().retainAll(seen);
        seen.clear();
    }

    /** A copy that shares nothing mutable with this one (the messages are immutable). */
    LastGood copy() {
        LastGood copy = new LastGood();
        copy.resources.putAll(resources);
        copy.seen.addAll(seen);
        return copy;
    }

    /** How many resources are kept (tests: bounded by the names in use). */
    int size() {
        return resources.size();
    }

    private static String key(String kind, String name) {
        return kind + "/" + name;
    }
}
