package io.banyan.controlplane.xds;

import io.banyan.controlplane.xds.snapshot.NodeScope;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which known nodes reference which service: each node's last computed {@link NodeScope} and, per service, the
 * nodes whose scope holds it, so a change of a service finds the nodes it affects without looking at the others.
 * Not thread-safe: the publisher's thread owns it.
 */
final class ScopeIndex {

    private final Map<String, NodeScope> scopes = new HashMap<>();
    private final Map<String, Set<String>> nodesByService = new HashMap<>();

    /** Records {@code node}'s scope; answers whether it differs from the one held (a new node's always does). */
    boolean put(String node, NodeScope scope) {
        NodeScope previous = scopes.put(node, scope);
        if (scope.equals(previous)) {
            return false;
        }
        if (previous != null) {
            unindex(node, previous);
        }
        scope.services().forEach(service -> nodesByService.computeIfAbsent(service, s -> new HashSet<>()).add(node));
        return true;
    }

    void remove(String node) {
        NodeScope previous = scopes.remove(node);
        if (previous != null) {
            unindex(node, previous);
        }
    }

    /** The nodes whose scope holds {@code service}. */
    Set<String> nodesOf(String service) {
        return nodesByService.getOrDefault(service, Set.of());
    }

    Optional<NodeScope> scopeOf(String node) {
        return Optional.ofNullable(scopes.get(node));
    }

    /** Every service some node's scope holds. */
    Set<String> services() {
        return nodesByService.keySet();
    }

    private void unindex(String node, NodeScope scope) {
        for (String service : scope.services()) {
            Set<String> nodes = nodesByService.get(service);
            if (nodes != null && nodes.remove(node) && nodes.isEmpty()) {
                nodesByService.remove(service);
            }
        }
    }
}
