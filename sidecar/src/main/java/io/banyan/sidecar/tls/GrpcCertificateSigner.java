package io.banyan.sidecar.tls;

import io.banyan.api.ca.CertificateMethods;
import io.banyan.api.ca.SignRequest;
import io.banyan.api.ca.SignResponse;
import io.banyan.sidecar.registration.TokenCallCredentials;
import io.banyan.sidecar.xds.ControlPlaneAddress;
import io.banyan.sidecar.xds.ControlPlaneChannels;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * SIGN over gRPC. The first request goes over the shared control-plane channel with the join token as bearer;
 * a renewal opens a short-lived channel of its own, so that its fresh TLS handshake presents the current
 * workload certificate (the shared channel's connection may predate it), and sends no token.
 */
public final class GrpcCertificateSigner implements CertificateSigner {

    static final Duration DEADLINE = Duration.ofSeconds(10);

    private final ControlPlaneChannels channels;
    private final TokenCallCredentials token;

    public GrpcCertificateSigner(ControlPlaneChannels channels, String token) {
        this.channels = Objects.requireNonNull(channels, "channels");
        this.token = new TokenCallCredentials(Objects.requireNonNull(token, "token"));
    }

    @Override
    public CompletableFuture<SignResponse> sign(SignRequest request, boolean renewal) {
        CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        ControlPlaneAddress target = channels.endpoints().current();
        CompletableFuture<SignResponse> result;
        if (!renewal) {
            result = call(channels.channel(), options.withCallCredentials(token), request);
        } else {
            ManagedChannel dedicated = channels.openDedicated();
            result = call(dedicated, options, request);
            result.whenComplete((response, failure) -> dedicated.shutdown());
        }
        result.whenComplete((response, failure) -> {
            // the next round asks the next replica: one that cannot be reached, or (first request) that refuses the
            // join token (a replica of another store), is no use to this sidecar
            if (failure != null && (!renewal || unreachable(failure))) {
                channels.endpoints().failedOver(target);
            }
        });
        return result;
    }

    private static boolean unreachable(Throwable failure) {
        Status.Code code = Status.fromThrowable(failure).getCode();
        return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED;
    }

    private static CompletableFuture<SignResponse> call(ManagedChannel channel, CallOptions options, SignRequest request) {
        CompletableFuture<SignResponse> result = new CompletableFuture<>();
        ClientCalls.asyncUnaryCall(channel.newCall(CertificateMethods.SIGN, options), request,
                new StreamObserver<>() {
                    @Override
                    public void onNext(SignResponse value) {
                        result.complete(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        result.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        result.completeExceptionally(new IllegalStateException("SIGN: no response"));
                    }
                });
        return result;
    }
}
