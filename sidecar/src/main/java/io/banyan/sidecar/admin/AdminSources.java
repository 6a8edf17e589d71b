package io.banyan.sidecar.admin;

import io.banyan.sidecar.config.MeshConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the admin endpoints show and do, as suppliers so that the admin server depends on no data-plane
 * or xDS class. {@code xdsStatus} and {@code registration} are serialized with Jackson as they are
 * (records become objects); either may supply null. {@code drainHook} runs once, off the event loop.
 */
public record AdminSources(Readiness readiness, PrometheusMeterRegistry metrics, Supplier<MeshConfig> config,
                           Supplier<?> xdsStatus, Supplier<?> registration, Runnable drainHook) {

    public AdminSources {
        Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(config, "config");
        xdsStatus = xdsStatus == null ? () -> null : xdsStatus;
        registration = registration == null ? () -> null : registration;
        Objects.requireNonNull(drainHook, "drainHook");
    }
}
