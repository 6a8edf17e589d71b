package io.banyan.sidecar.admin;

import io.banyan.dataplane.config.MeshConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the admin endpoints show and do, as suppliers so that the admin server depends on no data-plane
 * or xDS class. {@code xdsStatus}, {@code registration} and {@code clusterStatus} (the data plane's live
 * clusters for /clusters) are serialized with Jackson as they are (records become objects); any may supply
 * null ({@code clusterStatus}: /clusters then shows the config's clusters without live state).
 * {@code drainHook} runs once, off the event loop.
 */
public record AdminSources(Readiness readiness, PrometheusMeterRegistry metrics, Supplier<MeshConfig> config,
                           Supplier<?> xdsStatus, Supplier<?> registration, Supplier<?> clusterStatus,
                           Runnable drainHook) {

    public AdminSources {
        Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(config, "config");
        xdsStatus = xdsStatus == null ? () -> null : xdsStatus;
        registration = registration == null ? () -> null : registration;
        clusterStatus = clusterStatus == null ? () -> null : clusterStatus;
        Objects.requireNonNull(drainHook, "drainHook");
    }

    /** Sources without live cluster state: /clusters shows the config's clusters only. */
    public AdminSources(Readiness readiness, PrometheusMeterRegistry metrics, Supplier<MeshConfig> config,
                        Supplier<?> xdsStatus, Supplier<?> registration, Runnable drainHook) {
        this(readiness, metrics, config, xdsStatus, registration, null, drainHook);
    }
}
