package io.banyan.sidecar.registration;

import io.banyan.sidecar.health.HealthListener;
import io.banyan.sidecar.health.HealthStatus;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** App health the test sets by hand. */
final class ManualHealth implements HealthStatus {

    private final List<HealthListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean healthy;

    void set(boolean value) {
        if (value != healthy) {
            healthy = value;
            listeners.forEach(listener -> listener.onHealthChanged(value));
        }
    }

    @Override
    public boolean isHealthy() {
        return healthy;
    }

    @Override
    public void addListener(HealthListener listener) {
        listeners.add(listener);
    }
}
