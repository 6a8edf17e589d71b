package io.banyan.sidecar.cluster;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.EndpointHealthCheck;
import io.banyan.sidecar.health.ConsecutiveHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Active health checking of one cluster's endpoints: each is probed every interval and its results counted by a
 * {@link ConsecutiveHealth}: after {@code unhealthyThreshold} failures in a row it is unhealthy, after
 * {@code healthyThreshold} successes in a row healthy again. Endpoints start healthy (the registry delivered them
 * as such). Each change of health runs {@code onChange} (the balancer re-reads its health predicate).
 */
final class EndpointHealthChecks {

    private static final Logger log = LoggerFactory.getLogger(EndpointHealthChecks.class);

    private final String cluster;
    private final EndpointHealthCheck check;
    private final ScheduledExecutorService scheduler;
    private final HealthProber prober;
    private final Runnable onChange;
    private final Map<Endpoint, Target> targets = new ConcurrentHashMap<>();

    EndpointHealthChecks(String cluster, EndpointHealthCheck check, ScheduledExecutorService scheduler,
                         HealthProber prober, Runnable onChange) {
        this.cluster = cluster;
        this.check = check;
        this.scheduler = scheduler;
        this.prober = prober;
        this.onChange = onChange;
    }

    /** Starts probing new endpoints and stops probing the ones gone. */
    synchronized void update(Collection<Endpoint> endpoints) {
        Set<Endpoint> wanted = new HashSet<>(endpoints);
        targets.entrySet().removeIf(entry -> {
            if (!wanted.contains(entry.getKey())) {
                entry.getValue().cancel();
                return true;
            }
            return false;
        });
        for (Endpoint endpoint : wanted) {
            targets.computeIfAbsent(endpoint, Target::new);
        }
    }

    /** Whether {@code endpoint} passes its checks (an endpoint not checked counts as healthy). */
    boolean healthy(Endpoint endpoint) {
        Target target = targets.get(endpoint);
        return target == null || target.health.healthy();
    }

    synchronized void close() {
        targets.values().forEach(Target::cancel);
        targets.clear();
    }

    private final class Target {

        private final Endpoint endpoint;
        private final ScheduledFuture<?> schedule;
        private final ConsecutiveHealth health = new ConsecutiveHealth(check, true);
        private boolean inFlight;

        Target(Endpoint endpoint) {
            this.endpoint = endpoint;
            long interval = check.interval().toNanos();
            this.schedule = scheduler.scheduleAtFixedRate(this::probe, 0, interval, TimeUnit.NANOSECONDS);
        }

        private synchronized void probe() {
            if (inFlight) {
                return;
            }
            inFlight = true;
            prober.probe(endpoint, check).whenComplete((passed, error) -> record(passed != null && passed));
        }

        private void record(boolean passed) {
            boolean changed;
            synchronized (this) {
                inFlight = false;
                changed = health.record(passed);
            }
            if (changed) {
                log.info("cluster {}: endpoint {} is now {}", cluster, endpoint.authority(),
                        health.healthy() ? "healthy" : "unhealthy (failed its health check)");
                onChange.run();
            }
        }

        void cancel() {
            schedule.cancel(false);
        }
    }
}
