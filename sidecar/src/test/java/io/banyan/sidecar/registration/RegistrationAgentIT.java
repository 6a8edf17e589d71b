package io.banyan.sidecar.registration;

import io.banyan.api.registration.InstanceRef;
import io.banyan.api.registration.RegisterRequest;
import io.banyan.dataplane.config.InstanceSettings;
import io.banyan.primitives.time.Backoff;
import io.banyan.primitives.time.Jitter;
import io.banyan.sidecar.SidecarSettings;
import io.banyan.sidecar.metrics.MetricNames;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The agent against a real gRPC registry on 127.0.0.1. TTL 3s, so heartbeats come every second.
 */
class RegistrationAgentIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int INBOUND_PORT = 15006;
    private static final RegistrationPolicy FAST = new RegistrationPolicy(Duration.ofSeconds(5), Duration.ofSeconds(2),
            Backoff.exponential(Duration.ofMillis(100), Duration.ofMillis(500)).withJitter(Jitter.of(0.2)), Duration.ofMillis(300));

    private final FakeRegistry registry = new FakeRegistry();
    private final ManualHealth health = new ManualHealth();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private ManagedChannel channel;
    private RegistrationAgent agent;

    @BeforeEach
    void start() throws Exception {
        registry.start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", registry.port()).usePlaintext().build();
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        registry.close();
    }

    /** Version v2 of orders in zone-a on 10.0.0.7, TTL 3s. */
    private InstanceSettings instance(String token) {
        return SidecarSettings.builder("orders", "127.0.0.1:" + registry.port(), Path.of("data"))
                .appPort(8080).appHealthPath("/health").token(token).advertiseHost("10.0.0.7")
                .zone("zone-a").version("v2").registrationTtl(Duration.ofSeconds(3))
                .build().instance();
    }

    private RegistrationAgent agent(String token) {
        agent = new RegistrationAgent(channel, instance(token), INBOUND_PORT, health, meters, FAST, Clock.systemUTC());
        agent.start();
        return agent;
    }

    private double gauge() {
        return meters.get(MetricNames.REGISTRATION_HEALTHY).tag("service", "orders").gauge().value();
    }

    /** Waits until the agent is registered and has heartbeated once; returns its instance id. */
    private String awaitRegisteredAndHeartbeating() {
        await().atMost(WAIT).until(() -> agent.state().instanceId() != null);
        String id = agent.state().instanceId();
        awaitHeartbeatOf(id, Instant.EPOCH);
        return id;
    }

    private void awaitHeartbeatOf(String id, Instant since) {
        await().atMost(WAIT).until(() -> registry.calls("Heartbeat").stream()
                .anyMatch(call -> call.at().isAfter(since) && ((InstanceRef) call.request()).id().equals(id)));
    }

    @Test
    void registersOnceHealthyWithItsFieldsAndTokenThenHeartbeats() {
        agent("join-123");
        assertThat(agent.state().instanceId()).isNull();
        assertThat(gauge()).isZero();

        health.set(true);
        await().atMost(WAIT).until(() -> !registry.calls("Register").isEmpty());

        FakeRegistry.Call register = registry.calls("Register").get(0);
        assertThat(register.authorization()).isEqualTo("Bearer join-123");
        assertThat(register.request()).isEqualTo(new RegisterRequest("orders", "10.0.0.7", INBOUND_PORT, "zone-a",
                "v2", 1, 3, "http", Map.of("appPort", "8080")));
        String id = awaitRegisteredAndHeartbeating();
        await().atMost(WAIT).until(() -> agent.state().lastHeartbeat() != null && gauge() == 1.0);
        assertThat(registry.instances).containsKey(id);
        assertThat(registry.calls("Heartbeat")).allMatch(call -> "Bearer join-123".equals(call.authorization()));
    }

    /** A backoff of a minute would outlast the wait below: only {@code retryNow} brings the heartbeat back in time. */
    @Test
    void retryNowHeartbeatsAtOnceInsteadOfWaitingOutTheBackoff() {
        RegistrationPolicy slow = new RegistrationPolicy(Duration.ofSeconds(5), Duration.ofSeconds(2),
                Backoff.exponential(Duration.ofMinutes(1), Duration.ofMinutes(1)), Duration.ofMinutes(1));
        agent = new RegistrationAgent(channel, instance(""), INBOUND_PORT, health, meters, slow, Clock.systemUTC());
        agent.start();
        health.set(true);
        String id = awaitRegisteredAndHeartbeating();

        registry.rejectAll.set(Status.UNAVAILABLE.withDescription("control plane restarting"));
        await().atMost(WAIT).until(() -> agent.state().lastError() != null);
        Instant failedAt = Instant.now();
        registry.rejectAll.set(null);
        agent.retryNow();

        awaitHeartbeatOf(id, failedAt);
        await().atMost(WAIT).until(() -> agent.state().lastError() == null);
    }

    @Test
    void withoutATokenSendsNoAuthorizationHeader() {
        agent("");
        health.set(true);

        await().atMost(WAIT).until(() -> !registry.calls("Register").isEmpty());
        assertThat(registry.calls("Register").get(0).authorization()).isNull();
    }

    @Test
    void pausesHeartbeatsWhileTheAppIsUnhealthyAndResumesAfter() {
        agent("t");
        health.set(true);
        String id = awaitRegisteredAndHeartbeating();
        int registrations = registry.calls("Register").size();

        health.set(false);
        await().atMost(WAIT).until(() -> !agent.state().appHealthy() && gauge() == 0.0);
        Instant paused = Instant.now().plusMillis(300); // a heartbeat already in flight may still land
        await().during(Duration.ofMillis(2000)).atMost(WAIT)
                .until(() -> registry.callsSince("Heartbeat", paused) == 0);
        assertThat(registry.calls("Register")).hasSize(registrations);

        Instant resumed = Instant.now();
        health.set(true);
        awaitHeartbeatOf(id, resumed);
        await().atMost(WAIT).until(() -> gauge() == 1.0);
    }

    @Test
    void registersAgainWhenTheRegistryForgotTheInstance() {
        agent("t");
        health.set(true);
        String first = awaitRegisteredAndHeartbeating();

        registry.instances.clear();

        await().atMost(WAIT).until(() -> agent.state().instanceId() != null && !first.equals(agent.state().instanceId()));
        String second = agent.state().instanceId();
        awaitHeartbeatOf(second, Instant.EPOCH);
        assertThat(registry.instances).containsOnlyKeys(second);
    }

    @Test
    void survivesAKilledControlPlaneAndRegistersWhenItIsBack() throws Exception {
        agent("t");
        health.set(true);
        String first = awaitRegisteredAndHeartbeating();

        registry.kill();
        await().atMost(WAIT).until(() -> agent.state().lastError() != null);
        assertThat(agent.state().lastError()).contains("UNAVAILABLE");
        assertThat(gauge()).isZero();

        registry.start(); // same port, no instances: the next heartbeat is NOT_FOUND
        await().atMost(WAIT).until(() -> agent.state().instanceId() != null
                && !first.equals(agent.state().instanceId()) && agent.state().lastError() == null);
        assertThat(registry.instances).containsOnlyKeys(agent.state().instanceId());
        assertThat(gauge()).isEqualTo(1.0);
    }

    @Test
    void aRejectedTokenIsReportedAndRetriedUntilAccepted() {
        registry.rejectAll.set(Status.UNAUTHENTICATED.withDescription("unknown join token"));
        agent("wrong");
        health.set(true);

        await().atMost(WAIT).until(() -> registry.calls("Register").size() >= 2);
        assertThat(agent.state().lastError()).isEqualTo("register failed: UNAUTHENTICATED: unknown join token");
        assertThat(agent.state().instanceId()).isNull();

        registry.rejectAll.set(null);
        await().atMost(WAIT).until(() -> agent.state().instanceId() != null);
        assertThat(agent.state().lastError()).isNull();
    }

    @Test
    void closeDeregistersTheInstance() {
        agent("t");
        health.set(true);
        String id = awaitRegisteredAndHeartbeating();

        agent.close();

        assertThat(registry.calls("Deregister")).singleElement()
                .satisfies(call -> assertThat(call.request()).isEqualTo(new InstanceRef(id)));
        assertThat(registry.instances).doesNotContainKey(id);
        assertThat(agent.state().instanceId()).isNull();
        assertThat(meters.find(MetricNames.REGISTRATION_HEALTHY).gauge()).isNull();
    }

    @Test
    void closeWithTheControlPlaneDownGivesUpWithoutThrowing() throws Exception {
        agent("t");
        health.set(true);
        awaitRegisteredAndHeartbeating();
        registry.kill();

        agent.close();

        assertThat(registry.calls("Deregister")).isEmpty();
        assertThat(agent.state().instanceId()).isNull();
    }
}
