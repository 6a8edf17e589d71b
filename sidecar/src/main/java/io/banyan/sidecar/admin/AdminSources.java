package io.banyan.sidecar.admin;

import io.banyan.dataplane.config.MeshConfig;
import io.banyan.sidecar.appconfig.ConfigWatch;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the admin endpoints show and do, as suppliers so that the admin server depends on no data-plane
 * or xDS class. {@code xdsStatus}, {@code registration}, {@code clusterStatus} (the data plane's live
 * clusters for /clusters) and {@code shadows} (the shadow comparisons per mirror cluster for /shadow) are serialized
 * with Jackson as they are (records become objects); any may supply null ({@code clusterStatus}: /clusters then shows
 * the config's clusters without live state; {@code shadows}: /shadow shows none). {@code drainHook} runs once, off
 * the event loop. {@code appConfig} holds the app configuration {@code GET /config} serves (null: none ever arrives).
 */
public record AdminSources(Readiness readiness, PrometheusMeterRegistry metrics, Supplier<MeshConfig> config,
                           Supplier<?> xdsStatus, Supplier<?> registration, Supplier<?> clusterStatus,
                           Supplier<?> shadows, Runnable drainHook, ConfigWatch appConfig) {

    public AdminSources {
        Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(config, "config");
        xdsStatus = xdsStatus == null ? () -> null : xdsStatus;
        registration = registration == null ? () -> null : registration;
        clusterStatus = clusterStatus == null ? () -> null : clusterStatus;
        shadows = shadows == null ? () -> null : shadows;
        Objects.requireNonNull(drainHook, "drainHook");
        appConfig = appConfig == null ? new ConfigWatch(ConfigWatch.DEFAULT_MAX_WAITERS) : appConfig;
    }

    /** Sources without app configuration: /config answers 404 no_config. */
    public AdminSources(Readiness readiness, PrometheusMeterRegistry metrics, Supplier<MeshConfig> config,
                        Supplier<?> xdsStatus, Supplier<?> registration, Supplier<?> clusterStatus,
                        Supplier<?> shadows, Runnable drainHook) {
        this(readiness, metrics, config, xdsStatus, registration, clusterStatus, shadows, drainHook, null);
    }

    /** Sources without shadow comparisons: /shadow shows none. */
    public AdminSources(Readiness readiness, PrometheusMeterRegistry metrics, Supplier<MeshConfig> config,
                        Supplier<?> xdsStatus, Supplier<?> registration, Supplier<?> clusterStatus,
                        Runnable drainHook) {
        this(readiness, metrics, config, xdsStatus, registration, clusterStatus, null, drainHook, null);
    }

    /** Sources without live cluster state: /clusters shows the config's clusters only. */
    public AdminSources(Readiness readiness, PrometheusMeterRegistry metrics, Supplier<MeshConfig> config,
                        Supplier<?> xdsStatus, Supplier<?> registration, Runnable drainHook) {
        this(readiness, metrics, config, xdsStatus, registration, null, null, drainHook, null);
    }
}
