package io.banyan.sidecar.registration;

import io.banyan.api.registration.RegisterRequest;
import io.banyan.api.registration.RegisterResponse;
import io.banyan.dataplane.config.InstanceSettings;
import io.banyan.sidecar.health.HealthStatus;
import io.banyan.sidecar.metrics.MetricNames;
import io.grpc.Channel;
import io.grpc.Status;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The sidecar as its instance's registry agent (Consul-style TTL health). While the app is healthy it
 * registers the instance (the sidecar's inbound port) and heartbeats every third of the TTL; while the
 * app is unhealthy it stops heartbeating, so the registry expires the instance, and resumes when the app
 * recovers. A heartbeat answered NOT_FOUND registers again; an unreachable control plane is retried with
 * backoff, and at once on {@link #retryNow()}; a rejected token is logged once, clearly, and retried slowly. Nothing here ever throws into
 * the sidecar. All calls run with deadlines from one scheduled thread, never on an event loop.
 * {@link #close()} deregisters, waiting at most {@link RegistrationPolicy#deregisterTimeout()}.
 */
public final class RegistrationAgent implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RegistrationAgent.class);

    private final RegistrationClient client;
    private final RegisterRequest request;
    private final HealthStatus health;
    private final MeterRegistry meters;
    private final RegistrationPolicy policy;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Executor serial;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile RegistrationState state;
    private Gauge gauge;

    // Confined to the scheduler thread.
    private boolean appHealthy;
    private boolean inFlight;
    private volatile boolean closed;
    private boolean rejectionLogged;
    private int failures;
    private String instanceId;
    private Duration heartbeatInterval;
    private ScheduledFuture<?> pending;

    /** With the default policy and the system clock. */
    public RegistrationAgent(Channel channel, InstanceSettings settings, int inboundPort, HealthStatus health,
                             MeterRegistry meters) {
        this(channel, settings, inboundPort, health, meters, RegistrationPolicy.defaults(), Clock.systemUTC());
    }

    /**
     * @param channel     the control plane's gRPC channel (shared with the xDS client; not closed here)
     * @param inboundPort the inbound listener's bound port: where the mesh reaches this instance
     * @param health      the local app's health (an {@code AppHealthChecker})
     * @param meters      where the {@value MetricNames#REGISTRATION_HEALTHY} gauge is registered
     */
    public RegistrationAgent(Channel channel, InstanceSettings settings, int inboundPort, HealthStatus health,
                             MeterRegistry meters, RegistrationPolicy policy, Clock clock) {
        Objects.requireNonNull(settings, "settings");
        if (!settings.hasApp()) {
            throw new IllegalArgumentException("app-port: 0 (expected: an app port; a client-only sidecar registers nothing)");
        }
        if (inboundPort < 1 || inboundPort > 65535) {
            throw new IllegalArgumentException("inboundPort: " + inboundPort + " (expected: 1..65535, the bound port)");
        }
        this.client = new RegistrationClient(channel, new TokenCallCredentials(settings.token()));
        this.request = new RegisterRequest(settings.service(), settings.advertiseHost(), inboundPort, settings.zone(),
                settings.version(), 1, ttlSeconds(settings.registrationTtl()),
                settings.appProtocol().wireName(),
                Map.of("appPort", Integer.toString(settings.appPort())));
        this.health = Objects.requireNonNull(health, "health");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "banyan-registration");
            thread.setDaemon(true);
            return thread;
        });
        this.serial = runnable -> {
            try {
                scheduler.execute(runnable);
            } catch (RejectedExecutionException e) {
                log.debug("registration agent stopped; dropping a late callback");
            }
        };
        this.heartbeatInterval = heartbeatInterval(request.ttlSeconds());
        this.state = RegistrationState.initial(settings.service());
    }

    /** Starts following the app's health: registers as soon as it is healthy. */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        gauge = Gauge.builder(MetricNames.REGISTRATION_HEALTHY, this, agent -> agent.state.healthy() ? 1 : 0)
                .description("1 while the instance is registered and its app healthy, else 0")
                .tag("service", request.service())
                .strongReference(true)
                .register(meters);
        health.addListener(healthy -> serial.execute(() -> onHealth(healthy)));
        serial.execute(() -> onHealth(health.isHealthy()));
    }

    /**
     * Retries at once if the last call failed for want of a control plane and the agent is waiting out its backoff:
     * the control-plane channel has just connected again, and the registry must hear this instance's heartbeat
     * before its TTL (or its startup grace) runs out.
     */
    public void retryNow() {
        serial.execute(() -> {
            if (!closed && failures > 0 && pending != null && pending.cancel(false)) {
                log.info("control plane reachable again: {} of {} now", instanceId == null ? "register" : "heartbeat",
                        request.service());
                tick();
            }
        });
    }

    /** The current state, for the admin endpoint. */
    public RegistrationState state() {
        return state;
    }

    /** What this agent registers. */
    public RegisterRequest request() {
        return request;
    }

    /** Stops heartbeating and deregisters the instance, waiting at most the policy's deregister timeout. Idempotent. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + policy.deregisterTimeout().toNanos();
        CompletableFuture<String> registeredId = new CompletableFuture<>();
        serial.execute(() -> {
            closed = true;
            cancelPending();
            registeredId.complete(instanceId);
            instanceId = null;
            publish(state.forgotten());
        });
        try {
            String id = registeredId.get(remaining(deadline), TimeUnit.NANOSECONDS);
            if (id != null) {
                client.deregister(id, Duration.ofNanos(remaining(deadline))).get(remaining(deadline), TimeUnit.NANOSECONDS);
                log.info("deregistered instance {} of {}", id, request.service());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("could not deregister the instance of {} ({}); the registry expires it after its TTL of {}s",
                    request.service(), describe(e), request.ttlSeconds());
        } finally {
            if (gauge != null) {
                meters.remove(gauge);
            }
            scheduler.shutdownNow();
        }
    }

    /**
     * Stops at once without deregistering, as if the process had died: the registry expires the instance
     * after its TTL. For demos and failure tests. Idempotent, and a no-op after {@link #close()}.
     */
    public void abandon() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        scheduler.shutdownNow();
        closed = true;
        if (gauge != null) {
            meters.remove(gauge);
        }
    }

    private void onHealth(boolean healthy) {
        if (closed || healthy == appHealthy) {
            return;
        }
        appHealthy = healthy;
        publish(state.withAppHealthy(healthy));
        if (healthy) {
            cancelPending();
            tick();
        } else {
            cancelPending();
            if (instanceId != null) {
                log.info("app of {} is unhealthy: heartbeats of instance {} pause; the registry expires it after {}s",
                        request.service(), instanceId, request.ttlSeconds());
            }
        }
    }

    private void tick() {
        pending = null;
        if (closed || !appHealthy || inFlight) {
            return;
        }
        inFlight = true;
        if (instanceId == null) {
            client.register(request, policy.callTimeout()).whenCompleteAsync(this::onRegistered, serial);
        } else {
            client.heartbeat(instanceId, policy.callTimeout()).whenCompleteAsync((ack, error) -> onHeartbeat(error), serial);
        }
    }

    private void onRegistered(RegisterResponse response, Throwable error) {
        inFlight = false;
        if (error != null) {
            onFailure("register", error);
            return;
        }
        if (closed) {
            client.deregister(response.id(), policy.deregisterTimeout());
            return;
        }
        recovered();
        instanceId = response.id();
        heartbeatInterval = heartbeatInterval(response.ttlSeconds() > 0 ? response.ttlSeconds() : request.ttlSeconds());
        publish(state.registered(instanceId, clock.instant()));
        log.info("registered {} at {}:{} as instance {}; heartbeat every {}", request.service(), request.host(),
                request.port(), instanceId, heartbeatInterval);
        scheduleTick(heartbeatInterval);
    }

    private void onHeartbeat(Throwable error) {
        inFlight = false;
        if (closed) {
            return;
        }
        if (error == null) {
            recovered();
            publish(state.heartbeat(clock.instant()));
            scheduleTick(heartbeatInterval);
        } else if (Status.fromThrowable(error).getCode() == Status.Code.NOT_FOUND) {
            log.info("the registry no longer knows instance {} of {}; registering again", instanceId, request.service());
            instanceId = null;
            publish(state.forgotten());
            scheduleTick(Duration.ZERO);
        } else {
            onFailure("heartbeat", error);
        }
    }

    private void onFailure(String call, Throwable error) {
        if (closed) {
            return;
        }
        Status status = Status.fromThrowable(error);
        String reason = describe(error);
        publish(state.failed(call + " failed: " + reason, clock.instant()));
        Duration delay;
        switch (status.getCode()) {
            case UNAUTHENTICATED, PERMISSION_DENIED -> {
                delay = policy.rejectedRetryDelay();
                logRejection("the control plane rejected the join token of service '" + request.service() + "' ("
                        + reason + "): pass a valid join token issued for this service with --token or BANYAN_TOKEN;"
                        + " retrying every " + delay);
            }
            case INVALID_ARGUMENT -> {
                delay = policy.rejectedRetryDelay();
                logRejection("the control plane rejected the registration of " + request + " (" + reason
                        + "); retrying every " + delay);
            }
            default -> {
                failures++;
                delay = policy.backoff().delay(failures);
                if (failures == 1) {
                    log.warn("{} of {} failed ({}); retrying with backoff while the control plane is unreachable",
                            call, request.service(), reason);
                } else {
                    log.debug("{} of {} failed again ({}); next try in {}", call, request.service(), reason, delay);
                }
            }
        }
        scheduleTick(delay);
    }

    private void logRejection(String message) {
        if (rejectionLogged) {
            log.debug(message);
        } else {
            rejectionLogged = true;
            log.error(message);
        }
    }

    private void recovered() {
        if (failures > 0 || rejectionLogged) {
            log.info("registration of {} works again", request.service());
        }
        failures = 0;
        rejectionLogged = false;
    }

    private void scheduleTick(Duration delay) {
        cancelPending();
        if (closed || !appHealthy) {
            return;
        }
        try {
            pending = scheduler.schedule(this::tick, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("registration agent stopped; not scheduling");
        }
    }

    private void cancelPending() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    private void publish(RegistrationState next) {
        state = next;
    }

    private static String describe(Throwable error) {
        if (error instanceof TimeoutException) {
            return "no answer in time";
        }
        Status status = Status.fromThrowable(error);
        return status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
    }

    private static Duration heartbeatInterval(int ttlSeconds) {
        return Duration.ofMillis(Math.max(100, ttlSeconds * 1000L / 3));
    }

    private static int ttlSeconds(Duration ttl) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, ttl.toSeconds()));
    }

    private static long remaining(long deadlineNanos) {
        return Math.max(0, deadlineNanos - System.nanoTime());
    }
}
