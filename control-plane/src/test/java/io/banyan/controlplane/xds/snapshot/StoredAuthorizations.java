package io.banyan.controlplane.xds.snapshot;

import io.banyan.controlplane.authz.Authorizations;
import io.banyan.controlplane.policy.PolicySnapshot;
import io.banyan.controlplane.store.Store;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.core.v3.Node;

import java.nio.file.Path;

import static io.banyan.controlplane.xds.snapshot.Fixtures.registry;

/**
 * What the RBAC tests share: authorizations kept in a store in the test's folder, and a node's snapshot built from
 * them (registry revision 1, no policies, trust domain {@code mesh.local}).
 */
final class StoredAuthorizations implements AutoCloseable {

    private final Store store;
    private final Authorizations authorizations;
    private final SidecarNodeParser parser = new SidecarNodeParser();
    private final SnapshotBuilder builder = new SnapshotBuilder("mesh.local");

    StoredAuthorizations(Path dir) {
        store = Store.open(dir);
        authorizations = new Authorizations(store);
    }

    Authorizations authorizations() {
        return authorizations;
    }

    SidecarNode parse(Node node) {
        return parser.parse(node);
    }

    Snapshot snapshot(Node node) {
        return builder.build(parser.parse(node), registry(1, true), PolicySnapshot.empty(), authorizations.snapshot());
    }

    @Override
    public void close() {
        store.close();
    }
}
