package io.banyan.controlplane.registry.grpc;

import io.banyan.api.registration.Ack;
import io.banyan.api.registration.InstanceRef;
import io.banyan.api.registration.RegisterRequest;
import io.banyan.api.registration.RegisterResponse;
import io.banyan.api.registration.RegistrationMethods;
import io.banyan.certs.CertificateAuthority;
import io.banyan.controlplane.ca.TestTls;
import io.banyan.controlplane.metrics.MetricNames;
import io.banyan.controlplane.registry.InstanceHealth;
import io.banyan.controlplane.registry.Registration;
import io.banyan.controlplane.registry.Registry;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoreFiles;
import io.banyan.testkit.time.FakeClock;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The registration service over a real gRPC server with TLS on 127.0.0.1, with the shared method descriptors:
 * callers prove their service with a workload certificate from the test CA.
 */
class RegistrationServiceIT {

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CertificateAuthority ca = TestTls.newCa();
    private final List<ManagedChannel> channels = new ArrayList<>();
    private Store store;
    private Registry registry;
    private RegistrationService service;
    private Server server;

    @BeforeEach
    void start() throws Exception {
        store = Store.open(dir);
        registry = new Registry(store, clock, meters);
        service = new RegistrationService(registry, TestTls.peers(ca), meters);
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), TestTls.server(ca))
                .addService(service).build().start();
    }

    @AfterEach
    void stop() throws Exception {
        for (ManagedChannel channel : channels) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        service.close();
        registry.close();
        store.close();
    }

    /** A sidecar of {@code service}, or a client without a certificate when null. */
    private Channel as(String service) {
        ChannelCredentials credentials = service == null ? TestTls.trusting(ca) : TestTls.workload(ca, service);
        ManagedChannel channel = TestTls.channel(server.getPort(), credentials);
        channels.add(channel);
        return channel;
    }

    private static <Q, R> R call(Channel channel, MethodDescriptor<Q, R> method, Q request) {
        return ClientCalls.blockingUnaryCall(channel, method, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                request);
    }

    private static RegisterRequest request(String service, int port) {
        return new RegisterRequest(service, "127.0.0.1", port, "a", "v1", 0, 0, "", Map.of("k", "v"));
    }

    private static void assertStatus(Runnable call, Status.Code code, String... descriptionParts) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains(descriptionParts);
        });
    }

    @Test
    void registerHeartbeatDeregisterWithAWorkloadCertificate() {
        Channel orders = as("orders");
        RegisterResponse registered = call(orders, RegistrationMethods.REGISTER, request("orders", 15006));
        assertThat(registered.ttlSeconds()).isEqualTo((int) RegistrationService.DEFAULT_TTL.toSeconds());
        InstanceHealth stored = registry.get(registered.id()).orElseThrow();
        assertThat(stored.instance().mesh()).isTrue();
        assertThat(stored.instance().service()).isEqualTo("orders");
        assertThat(stored.instance().port()).isEqualTo(15006);
        assertThat(stored.instance().weight()).isEqualTo(1);
        assertThat(stored.instance().metadata()).containsEntry("k", "v");

        clock.advance(Duration.ofSeconds(31));
        assertThat(registry.get(registered.id()).orElseThrow().healthy()).isFalse();
        assertThat(call(orders, RegistrationMethods.HEARTBEAT, new InstanceRef(registered.id()))).isEqualTo(new Ack());
        assertThat(registry.get(registered.id()).orElseThrow().healthy()).isTrue();

        assertThat(call(orders, RegistrationMethods.DEREGISTER, new InstanceRef(registered.id()))).isEqualTo(new Ack());
        assertThat(registry.get(registered.id())).isEmpty();
        assertStatus(() -> call(orders, RegistrationMethods.HEARTBEAT, new InstanceRef(registered.id())),
                Status.Code.NOT_FOUND, registered.id());
        assertThat(meters.counter(MetricNames.REGISTRATION_CALLS, "method", "register", "result", "ok").count())
                .isEqualTo(1);
    }

    @Test
    void aRegistrationTheStoreCannotTakeIsUnavailableNotInternal() throws Exception {
        Channel orders = as("orders");
        StoreFiles.blockVersionMark(dir);
        registry.putService("payments"); // commits, then the store turns unavailable: its mark cannot be written

        assertStatus(() -> call(orders, RegistrationMethods.REGISTER, request("orders", 15006)),
                Status.Code.UNAVAILABLE, "store unavailable");
        assertThat(registry.service("orders")).as("neither the service nor the instance").isEmpty();
        // counted after the answer went out
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                meters.counter("banyan.registration.calls", "method", "register", "result", "UNAVAILABLE").count())
                .isEqualTo(1));
    }

    @Test
    void withoutAWorkloadCertificateEveryCallIsUnauthenticated() {
        Channel anonymous = as(null);
        String id = registry.register(Registration.builder().service("orders").host("h").port(1).ttlSeconds(10L).build())
                .instance().id();
        assertStatus(() -> call(anonymous, RegistrationMethods.REGISTER, request("orders", 1)),
                Status.Code.UNAUTHENTICATED, "client certificate: missing", "spiffe://mesh.local/svc/<service>");
        assertStatus(() -> call(anonymous, RegistrationMethods.HEARTBEAT, new InstanceRef(id)),
                Status.Code.UNAUTHENTICATED, "client certificate: missing");
        assertStatus(() -> call(anonymous, RegistrationMethods.DEREGISTER, new InstanceRef(id)),
                Status.Code.UNAUTHENTICATED, "client certificate: missing");

        assertThat(registry.snapshot().instances("orders")).hasSize(1);
        assertThat(meters.counter(MetricNames.REGISTRATION_CALLS, "method", "register", "result", "UNAUTHENTICATED")
                .count()).isEqualTo(1);
        assertThat(meters.counter(MetricNames.REGISTRATION_CALLS, "method", "deregister", "result", "UNAUTHENTICATED")
                .count()).isEqualTo(1);
    }

    @Test
    void aSidecarActsForItsOwnServiceOnly() {
        Channel payments = as("payments");
        String id = registry.register(Registration.builder().service("orders").host("h").port(1).ttlSeconds(10L).build())
                .instance().id();
        assertStatus(() -> call(payments, RegistrationMethods.REGISTER, request("orders", 1)),
                Status.Code.PERMISSION_DENIED, "'orders'", "spiffe://mesh.local/svc/payments");
        assertStatus(() -> call(payments, RegistrationMethods.HEARTBEAT, new InstanceRef(id)),
                Status.Code.PERMISSION_DENIED, "'orders'");
        assertStatus(() -> call(payments, RegistrationMethods.DEREGISTER, new InstanceRef(id)),
                Status.Code.PERMISSION_DENIED, "'orders'");
        assertThat(registry.snapshot().instances("orders")).hasSize(1);
        assertThat(call(as("orders"), RegistrationMethods.DEREGISTER, new InstanceRef(id))).isEqualTo(new Ack());
        assertThat(registry.snapshot().instances("orders")).isEmpty();
    }

    @Test
    void validationErrorsAreInvalidArgumentNamingTheField() {
        Channel orders = as("orders");
        assertStatus(() -> call(orders, RegistrationMethods.REGISTER, request("orders", 70000)),
                Status.Code.INVALID_ARGUMENT, "port: 70000 (expected: 1..65535)");
        assertStatus(() -> call(orders, RegistrationMethods.REGISTER,
                new RegisterRequest("orders", "", 1, null, null, 0, 0, null, null)),
                Status.Code.INVALID_ARGUMENT, "host: missing");
        assertStatus(() -> call(orders, RegistrationMethods.REGISTER,
                new RegisterRequest("orders", "h", 1, null, null, 0, 0, "udp", null)),
                Status.Code.INVALID_ARGUMENT, "protocol: 'udp'");
        assertStatus(() -> call(orders, RegistrationMethods.HEARTBEAT, new InstanceRef("unknown-id")),
                Status.Code.NOT_FOUND, "unknown-id");
        assertThat(registry.snapshot().services()).isEmpty();
    }
}
