package io.banyan.controlplane.xds.snapshot;

import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/** Says what a change of the mesh configuration would publish to the connected nodes, publishing nothing. */
@FunctionalInterface
public interface ConfigPreview {

    /** For callers without connected nodes (embedded tests): nothing would be received by anyone. */
    ConfigPreview NONE = edit -> CompletableFuture.completedFuture(SnapshotPreview.Preview.NONE);

    /** What the configuration held now, changed by {@code edit}, would publish to each connected node. */
    CompletableFuture<SnapshotPreview.Preview> preview(UnaryOperator<MeshConfig> edit);
}
