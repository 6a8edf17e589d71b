package io.banyan.controlplane.registry;

/** Told of every registry change (registration, deregistration, TTL expiry, recovery). */
@FunctionalInterface
public interface RegistryListener {

    void onChange(RegistrySnapshot snapshot);
}
