package io.banyan.sidecar.health;

/** The app's current health and a way to be told of its changes; what the registration agent depends on. */
public interface HealthStatus {

    boolean isHealthy();

    void addListener(HealthListener listener);
}
