package io.banyan.sidecar.tls;

import io.banyan.sidecar.metrics.MetricNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@value MetricNames#TRUST_ROOT_EXPIRY}: seconds until each root of the trust bundle expires, tagged {@code service}
 * and {@code root} (the first 16 hex digits of the root's SHA-256). Updated with each workload identity (the bundle
 * comes with the certificate); a root that left the bundle loses its gauge. The bundle is the control plane's, and at
 * most {@value #MAX_ROOTS} roots get gauges (a rotation holds two or three).
 */
final class TrustRootExpiry implements IdentityListener {

    static final int MAX_ROOTS = 8;
    private static final int LABEL_DIGITS = 16;

    private final MeterRegistry registry;
    private final String service;
    private final Clock clock;
    private final Map<String, Gauge> gauges = new HashMap<>();

    TrustRootExpiry(MeterRegistry registry, String service, Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.service = Objects.requireNonNull(service, "service");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized void onIdentity(WorkloadIdentity identity) {
        Map<String, Instant> roots = new LinkedHashMap<>();
        for (X509Certificate root : identity.trustBundle()) {
            if (roots.size() < MAX_ROOTS) {
                roots.putIfAbsent(ControlPlaneTrust.fingerprint(root).substring(0, LABEL_DIGITS),
                        root.getNotAfter().toInstant());
            }
        }
        gauges.entrySet().removeIf(entry -> {
            boolean gone = !roots.containsKey(entry.getKey());
            if (gone) {
                registry.remove(entry.getValue());
            }
            return gone;
        });
        roots.forEach((root, notAfter) -> gauges.computeIfAbsent(root, r -> Gauge.builder(MetricNames.TRUST_ROOT_EXPIRY,
                        () -> Duration.between(clock.instant(), notAfter).toMillis() / 1000.0)
                .description("seconds until the trust root expires")
                .tag("service", service)
                .tag("root", r)
                .strongReference(true)
                .register(registry)));
    }
}
