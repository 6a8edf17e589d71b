package io.banyan.controlplane.xds.snapshot;

import com.google.protobuf.Message;
import io.envoyproxy.controlplane.cache.v3.Snapshot;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * What a configuration the mesh does not hold yet would publish: for every connected node, its snapshot built and
 * guarded exactly as the publisher would ({@link SnapshotBuilder}, then a {@link SnapshotGuard#copy copy} of the
 * publisher's guard, so what the guard would hold back shows as held back and the guard itself is untouched),
 * compared with what the node holds now. A function of its inputs: it stores nothing and publishes nothing. It
 * builds once per node: a dry run costs what one publishing round costs.
 */
public final class SnapshotPreview {

    /** Sidecar or gateway, as the answer names a node's kind. */
    public enum NodeKind {
        SIDECAR, GATEWAY;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What one node would receive.
     *
     * @param resources the resources it would get that it does not hold as they are ({@code Cluster/outbound|orders})
     * @param removed   the resources it holds that it would lose
     * @param heldBack  what the guard would keep out of its snapshot, as the sidecars would refuse it
     */
    public record NodeChange(String id, String service, NodeKind kind, List<String> resources, List<String> removed,
                             List<InvalidResource> heldBack) {

        public NodeChange {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(kind, "kind");
            resources = List.copyOf(resources);
            removed = List.copyOf(removed);
            heldBack = List.copyOf(heldBack);
        }
    }

    /**
     * @param resources every resource some node would get new or changed, each distinct version once
     * @param nodes     the nodes that would receive something (or have something held back), by id
     */
    public record Preview(List<Message> resources, List<NodeChange> nodes) {

        public static final Preview NONE = new Preview(List.of(), List.of());

        public Preview {
            resources = List.copyOf(resources);
            nodes = List.copyOf(nodes);
        }
    }

    private final SnapshotBuilder builder;

    public SnapshotPreview(SnapshotBuilder builder) {
        this.builder = Objects.requireNonNull(builder, "builder");
    }

    /**
     * @param nodes   the connected nodes
     * @param config  the configuration as the write would leave it
     * @param guard   the publisher's guard (copied, not changed)
     * @param current what a node holds now, by id (null: nothing yet)
     */
    public Preview preview(Collection<SidecarNode> nodes, MeshConfig config, SnapshotGuard guard,
                           Function<String, Snapshot> current) {
        return preview(nodes, node -> config, guard, current);
    }

    /**
     * The same, each node built from the configuration {@code configOf} gives it (during a staged rollout, the view
     * that node is shown, with the previewed change applied).
     */
    public Preview preview(Collection<SidecarNode> nodes, Function<SidecarNode, MeshConfig> configOf,
                           SnapshotGuard guard, Function<String, Snapshot> current) {
        SnapshotGuard trial = guard.copy();
        Set<Message> changed = new LinkedHashSet<>();
        List<NodeChange> changes = new ArrayList<>();
        nodes.stream().sorted(Comparator.comparing(SidecarNode::id)).forEach(node -> {
            Snapshot previous = current.apply(node.id());
            MeshConfig config = configOf.apply(node);
            SnapshotGuard.Guarded next = trial.guard(node, builder.build(node, config), previous);
            List<String> names = new ArrayList<>();
            List<String> removed = new ArrayList<>();
            compare(previous == null ? null : previous.clusters().resources(), next.snapshot().clusters().resources(),
                    names, removed, changed);
            compare(previous == null ? null : previous.endpoints().resources(),
                    next.snapshot().endpoints().resources(), names, removed, changed);
            compare(previous == null ? null : previous.listeners().resources(),
                    next.snapshot().listeners().resources(), names, removed, changed);
            compare(previous == null ? null : previous.routes().resources(), next.snapshot().routes().resources(),
                    names, removed, changed);
            compare(previous == null ? null : previous.secrets().resources(), next.snapshot().secrets().resources(),
                    names, removed, changed);
            if (!names.isEmpty() || !removed.isEmpty() || !next.invalid().isEmpty()) {
                changes.add(new NodeChange(node.id(), node.service(), node.isGateway() ? NodeKind.GATEWAY
                        : NodeKind.SIDECAR, names, removed, next.invalid()));
            }
        });
        return new Preview(List.copyOf(changed), changes);
    }

    /** {@code Cluster/outbound|orders}: a resource as the answer names it. */
    public static String name(Message resource, String name) {
        return resource.getDescriptorForType().getName() + "/" + name;
    }

    private static <M extends Message> void compare(Map<String, M> before, Map<String, M> after, List<String> names,
                                                    List<String> removed, Set<Message> changed) {
        after.forEach((name, resource) -> {
            if (before == null || !resource.equals(before.get(name))) {
                names.add(name(resource, name));
                changed.add(resource);
            }
        });
        if (before != null) {
            before.forEach((name, resource) -> {
                if (!after.containsKey(name)) {
                    removed.add(name(resource, name));
                }
            });
        }
    }
}
