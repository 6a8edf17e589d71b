package io.banyan.sidecar.registration;

import io.banyan.api.registration.Ack;
import io.banyan.api.registration.InstanceRef;
import io.banyan.api.registration.RegisterRequest;
import io.banyan.api.registration.RegisterResponse;
import io.banyan.api.registration.RegistrationMethods;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A registry gRPC server on 127.0.0.1 that records every call (with its authorization header) and can
 * be told to reject calls with a status. Restartable on the same port, losing its instances.
 */
final class FakeRegistry implements AutoCloseable {

    record Call(String method, Object request, String authorization, Instant at) {
    }

    private static final Context.Key<String> AUTHORIZATION = Context.key("authorization");

    final List<Call> calls = new CopyOnWriteArrayList<>();
    final Map<String, RegisterRequest> instances = new ConcurrentHashMap<>();
    final AtomicReference<Status> rejectAll = new AtomicReference<>();
    private final AtomicInteger ids = new AtomicInteger();
    private Server server;
    private int port;

    FakeRegistry start() throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .addService(ServerInterceptors.intercept(definition(), captureAuthorization()))
                .build()
                .start();
        port = server.getPort();
        return this;
    }

    int port() {
        return port;
    }

    /** Stops abruptly, forgetting every instance, as a killed control plane without a store would. */
    void kill() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        instances.clear();
    }

    List<Call> calls(String method) {
        return calls.stream().filter(call -> call.method().equals(method)).toList();
    }

    long callsSince(String method, Instant since) {
        return calls(method).stream().filter(call -> call.at().isAfter(since)).count();
    }

    @Override
    public void close() throws InterruptedException {
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private ServerServiceDefinition definition() {
        return ServerServiceDefinition.builder(RegistrationMethods.SERVICE_NAME)
                .addMethod(RegistrationMethods.REGISTER, ServerCalls.asyncUnaryCall(this::register))
                .addMethod(RegistrationMethods.HEARTBEAT, ServerCalls.asyncUnaryCall(this::heartbeat))
                .addMethod(RegistrationMethods.DEREGISTER, ServerCalls.asyncUnaryCall(this::deregister))
                .build();
    }

    private void register(RegisterRequest request, StreamObserver<RegisterResponse> response) {
        if (record("Register", request, response)) {
            String id = "i-" + ids.incrementAndGet();
            instances.put(id, request);
            response.onNext(new RegisterResponse(id, request.ttlSeconds()));
            response.onCompleted();
        }
    }

    private void heartbeat(InstanceRef ref, StreamObserver<Ack> response) {
        if (record("Heartbeat", ref, response)) {
            if (!instances.containsKey(ref.id())) {
                response.onError(Status.NOT_FOUND.withDescription("instance " + ref.id()).asRuntimeException());
                return;
            }
            response.onNext(new Ack());
            response.onCompleted();
        }
    }

    private void deregister(InstanceRef ref, StreamObserver<Ack> response) {
        if (record("Deregister", ref, response)) {
            instances.remove(ref.id());
            response.onNext(new Ack());
            response.onCompleted();
        }
    }

    /** Records the call; answers the configured rejection, if any, and then returns false. */
    private boolean record(String method, Object request, StreamObserver<?> response) {
        calls.add(new Call(method, request, AUTHORIZATION.get(), Instant.now()));
        Status rejection = rejectAll.get();
        if (rejection != null) {
            response.onError(rejection.asRuntimeException());
            return false;
        }
        return true;
    }

    private static ServerInterceptor captureAuthorization() {
        Metadata.Key<String> header = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
        return new ServerInterceptor() {
            @Override
            public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, R> call, Metadata headers,
                                                                      io.grpc.ServerCallHandler<Q, R> next) {
                Context context = Context.current().withValue(AUTHORIZATION, headers.get(header));
                return Contexts.interceptCall(context, call, headers, next);
            }
        };
    }
}
