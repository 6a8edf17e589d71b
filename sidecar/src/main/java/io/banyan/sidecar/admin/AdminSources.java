package io.banyan.sidecar.admin;

import io.banyan.dataplane.config.MeshConfig;
import io.banyan.sidecar.appconfig.ConfigWatch;
import io.banyan.sidecar.diagnose.Declared;
import io.banyan.sidecar.diagnose.Diagnosis;
import io.banyan.sidecar.diagnose.RecentFailures;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the admin endpoints show and do, as suppliers so that the admin server depends on no data-plane
 * or xDS class. {@code xdsStatus}, {@code registration}, {@code clusterStatus} (the data plane's live
 * clusters for /clusters) and {@code shadows} (the shadow comparisons per mirror cluster for /shadow) are serialized
 * with Jackson as they are (records become objects); any may supply null ({@code clusterStatus}: /clusters then shows
 * the config's clusters without live state; {@code shadows}: /shadow shows none). {@code drainHook} runs once, off
 * the event loop. {@code appConfig} holds the app configuration {@code GET /config} serves (null: none ever arrives).
 * {@code diagnosis} answers {@code GET /debug/why} (null: one over the configuration alone, without live state or
 * recorded failures).
 */
public record AdminSources(Readiness readiness, PrometheusMeterRegistry metrics, Supplier<MeshConfig> config,
                           Supplier<?> xdsStatus, Supplier<?> registration, Supplier<?> clusterStatus,
                           Supplier<?> shadows, Runnable drainHook, ConfigWatch appConfig, Diagnosis diagnosis) {

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
        Supplier<MeshConfig> configured = config;
        diagnosis = diagnosis == null ? new Diagnosis(configured, Diagnosis.Live.NONE, () -> null, Declared.NONE,
                new RecentFailures(1), metrics, Clock.systemUTC()) : diagnosis;
    }

    /** Sources without a diagnosis of their own: /debug/why reads the configuration alone. */
    public AdminSources(Readiness readiness, PrometheusMeterRegistry metrics, Supplier<MeshConfig> config,
                        Supplier<?> xdsStatus, Supplier<?> registration, Supplier<?> clusterStatus,
                        Supplier<?> shadows, Runnable drainHook, ConfigWatch appConfig) {
        this(readiness, metrics, config, xdsStatus, registration, clusterStatus, shadows, drainHook, appConfig, null);
    }

    /** Sources without app configuration: /config answers 404 no_config. */
    public AdminSources(Readiness readiness, PrometheusMeterRegistry metrics, Supplier<MeshConfig> config,
                        Supplier<?> xdsStatus, Supplier<?> registration, Supplier<?> clusterStatus,
                        Supplier<?> shadows, Runnable drainHook) {
        this(readiness, metrics, config, xdsStatus, registration, clusterStatus, shadows, drainHook, null, null);
    }

    /** Sources without shadow comparisons: /shadow shows none. */
    public AdminSources(Readiness readiness, PrometheusMeterRegistry metrics, Supplier<MeshConfig> config,
                        Supplier<?> xdsStatus, Supplier<?> registration, Supplier<?> clusterStatus,
                        Runnable drainHook) {
        this(readiness, metrics, config, xdsStatus, registration, clusterStatus, null, drainHook, null, null);
    }

    /** Sources without live cluster state: /clusters shows the config's clusters only. */
    public AdminSources(Readiness readiness, PrometheusMeterRegistry metrics, Supplier<MeshConfig> config,
                        Supplier<?> xdsStatus, Supplier<?> registration, Runnable drainHook) {
        this(readiness, metrics, config, xdsStatus, registration, null, null, drainHook, null, null);
    }
}
