package io.banyan.sidecar.registration;

import io.banyan.api.registration.Ack;
import io.banyan.api.registration.InstanceRef;
import io.banyan.api.registration.RegisterRequest;
import io.banyan.api.registration.RegisterResponse;
import io.banyan.api.registration.RegistrationMethods;
import io.grpc.CallCredentials;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The three registration calls as futures, each with a deadline and the join token as call credentials. */
public final class RegistrationClient {

    private final Channel channel;
    private final CallCredentials credentials;

    public RegistrationClient(Channel channel, CallCredentials credentials) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
    }

    public CompletableFuture<RegisterResponse> register(RegisterRequest request, Duration timeout) {
        return call(RegistrationMethods.REGISTER, request, timeout);
    }

    public CompletableFuture<Ack> heartbeat(String instanceId, Duration timeout) {
        return call(RegistrationMethods.HEARTBEAT, new InstanceRef(instanceId), timeout);
    }

    public CompletableFuture<Ack> deregister(String instanceId, Duration timeout) {
        return call(RegistrationMethods.DEREGISTER, new InstanceRef(instanceId), timeout);
    }

    private <Q, R> CompletableFuture<R> call(MethodDescriptor<Q, R> method, Q request, Duration timeout) {
        CallOptions options = CallOptions.DEFAULT
                .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .withCallCredentials(credentials);
        CompletableFuture<R> result = new CompletableFuture<>();
        ClientCalls.asyncUnaryCall(channel.newCall(method, options), request, new StreamObserver<>() {
            @Override
            public void onNext(R value) {
                result.complete(value);
            }

            @Override
            public void onError(Throwable error) {
                result.completeExceptionally(error);
            }

            @Override
            public void onCompleted() {
                result.completeExceptionally(new IllegalStateException(method.getFullMethodName() + " answered nothing"));
            }
        });
        return result;
    }
}
