package io.banyan.dataplane.config;

/** Told of each accepted configuration; called off the event loops, never concurrently. */
@FunctionalInterface
public interface MeshConfigListener {

    void onConfig(MeshConfig config);
}
