package io.banyan.sidecar.xds;

import io.banyan.dataplane.config.MeshConfig;
import io.banyan.dataplane.config.MeshConfigListener;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every config it is given and the thread it was given on. */
final class RecordingListener implements MeshConfigListener {

    private final List<MeshConfig> configs = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();

    @Override
    public void onConfig(MeshConfig config) {
        threads.add(Thread.currentThread().getName());
        configs.add(config);
    }

    MeshConfig last() {
        return configs.isEmpty() ? MeshConfig.EMPTY : configs.get(configs.size() - 1);
    }

    List<MeshConfig> configs() {
        return configs;
    }

    List<String> threads() {
        return threads;
    }
}
