package io.banyan.controlplane.registry.grpc;

import io.banyan.api.registration.Ack;
import io.banyan.api.registration.InstanceRef;
import io.banyan.api.registration.RegisterRequest;
import io.banyan.api.registration.RegisterResponse;
import io.banyan.api.registration.RegistrationMethods;
import io.banyan.certs.CertificateAuthority;
import io.banyan.controlplane.ca.TestTls;
import io.banyan.controlplane.registry.InstanceHealth;
import io.banyan.controlplane.registry.MutableClock;
import io.banyan.controlplane.registry.Registration;
import io.banyan.controlplane.registry.Registry;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoreFiles;
import io.banyan.controlplane.token.JoinTokens;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The registration service over a real gRPC server with TLS on 127.0.0.1, with the shared method descriptors. */
class RegistrationServiceIT {

    private static final String ADMIN = "admin-token";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CertificateAuthority ca = TestTls.newCa();
    private Store store;
    private Registry registry;
    private JoinTokens tokens;
    private RegistrationService service;
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        store = Store.open(dir);
        registry = new Registry(store, clock, meters);
        tokens = new JoinTokens(store, clock, new SecureRandom());
        service = new RegistrationService(registry, tokens, ADMIN, meters);
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), TestTls.server(ca))
                .addService(service).build().start();
        channel = TestTls.channel(server.getPort(), TestTls.trusting(ca));
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        service.close();
        registry.close();
        store.close();
    }

    private <Q, R> R call(MethodDescriptor<Q, R> method, Q request, String token) {
        Metadata headers = new Metadata();
        if (token != null) {
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        }
        return ClientCalls.blockingUnaryCall(
                ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers)),
                method, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), request);
    }

    private static RegisterRequest request(String service, int port) {
        return new RegisterRequest(service, "127.0.0.1", port, "a", "v1", 0, 0, "", Map.of("k", "v"));
    }

    private static void assertStatus(Runnable call, Status.Code code, String descriptionPart) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains(descriptionPart);
        });
    }

    @Test
    void registerHeartbeatDeregisterWithAJoinToken() {
        String token = tokens.issue("orders", null).token();
        RegisterResponse registered = call(RegistrationMethods.REGISTER, request("orders", 15006), token);
        assertThat(registered.ttlSeconds()).isEqualTo((int) RegistrationService.DEFAULT_TTL.toSeconds());
        InstanceHealth stored = registry.get(registered.id()).orElseThrow();
        assertThat(stored.instance().mesh()).isTrue();
        assertThat(stored.instance().service()).isEqualTo("orders");
        assertThat(stored.instance().port()).isEqualTo(15006);
        assertThat(stored.instance().weight()).isEqualTo(1);
        assertThat(stored.instance().metadata()).containsEntry("k", "v");

        clock.advance(Duration.ofSeconds(31));
        assertThat(registry.get(registered.id()).orElseThrow().healthy()).isFalse();
        assertThat(call(RegistrationMethods.HEARTBEAT, new InstanceRef(registered.id()), token)).isEqualTo(new Ack());
        assertThat(registry.get(registered.id()).orElseThrow().healthy()).isTrue();

        assertThat(call(RegistrationMethods.DEREGISTER, new InstanceRef(registered.id()), token)).isEqualTo(new Ack());
        assertThat(registry.get(registered.id())).isEmpty();
        assertStatus(() -> call(RegistrationMethods.HEARTBEAT, new InstanceRef(registered.id()), token),
                Status.Code.NOT_FOUND, registered.id());
        assertThat(meters.counter("banyan.registration.calls", "method", "register", "result", "ok").count()).isEqualTo(1);
    }

    @Test
    void aRegistrationTheStoreCannotTakeIsUnavailableNotInternal() throws Exception {
        String token = tokens.issue("orders", null).token();
        StoreFiles.blockVersionMark(dir);

        // creating the service commits, then the store turns unavailable and refuses the instance
        assertStatus(() -> call(RegistrationMethods.REGISTER, request("orders", 15006), token),
                Status.Code.UNAVAILABLE, "store unavailable");
        assertThat(registry.service("orders")).hasValueSatisfying(instances -> assertThat(instances).isEmpty());
        // counted after the answer went out
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                meters.counter("banyan.registration.calls", "method", "register", "result", "UNAVAILABLE").count())
                .isEqualTo(1));
    }

    @Test
    void authFailures() {
        String orders = tokens.issue("orders", null).token();
        String payments = tokens.issue("payments", null).token();
        assertStatus(() -> call(RegistrationMethods.REGISTER, request("orders", 1), null),
                Status.Code.UNAUTHENTICATED, "authorization: missing");
        assertStatus(() -> call(RegistrationMethods.REGISTER, request("orders", 1), "not-a-token"),
                Status.Code.UNAUTHENTICATED, "malformed");
        assertStatus(() -> call(RegistrationMethods.REGISTER, request("orders", 1), payments),
                Status.Code.PERMISSION_DENIED, "payments");

        String expiring = tokens.issue("orders", 10L).token();
        clock.advance(Duration.ofSeconds(10));
        assertStatus(() -> call(RegistrationMethods.REGISTER, request("orders", 1), expiring),
                Status.Code.UNAUTHENTICATED, "expired");
        String revoked = tokens.issue("orders", null).token();
        tokens.revoke(revoked.substring(0, revoked.indexOf('.')));
        assertStatus(() -> call(RegistrationMethods.REGISTER, request("orders", 1), revoked),
                Status.Code.UNAUTHENTICATED, "revoked");

        String id = registry.register(Registration.of("orders", "h", 1, null, null, null, 10L, null, null, null, false))
                .instance().id();
        assertStatus(() -> call(RegistrationMethods.HEARTBEAT, new InstanceRef(id), payments),
                Status.Code.PERMISSION_DENIED, "orders");
        assertStatus(() -> call(RegistrationMethods.DEREGISTER, new InstanceRef(id), payments),
                Status.Code.PERMISSION_DENIED, "orders");
        assertStatus(() -> call(RegistrationMethods.HEARTBEAT, new InstanceRef(id), null),
                Status.Code.UNAUTHENTICATED, "missing");
        assertThat(registry.get(id)).isPresent();
        assertThat(call(RegistrationMethods.HEARTBEAT, new InstanceRef(id), orders)).isEqualTo(new Ack());
        assertThat(call(RegistrationMethods.DEREGISTER, new InstanceRef(id), ADMIN)).isEqualTo(new Ack());
        assertThat(registry.snapshot().instances("orders")).isEmpty();
    }

    @Test
    void validationErrorsAreInvalidArgumentNamingTheField() {
        String token = tokens.issue("orders", null).token();
        assertStatus(() -> call(RegistrationMethods.REGISTER, request("orders", 70000), token),
                Status.Code.INVALID_ARGUMENT, "port: 70000 (expected: 1..65535)");
        assertStatus(() -> call(RegistrationMethods.REGISTER,
                new RegisterRequest("orders", "", 1, null, null, 0, 0, null, null), token),
                Status.Code.INVALID_ARGUMENT, "host: missing");
        assertStatus(() -> call(RegistrationMethods.REGISTER,
                new RegisterRequest("orders", "h", 1, null, null, 0, 0, "udp", null), token),
                Status.Code.INVALID_ARGUMENT, "protocol: 'udp'");
        assertStatus(() -> call(RegistrationMethods.HEARTBEAT, new InstanceRef("unknown-id"), token),
                Status.Code.NOT_FOUND, "unknown-id");
        assertThat(registry.snapshot().services()).isEmpty();
    }
}
