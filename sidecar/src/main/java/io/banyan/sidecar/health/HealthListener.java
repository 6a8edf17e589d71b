package io.banyan.sidecar.health;

/** Told when the app's health changes (only on transitions, never twice in a row with the same value). */
@FunctionalInterface
public interface HealthListener {

    void onHealthChanged(boolean healthy);
}
