package io.banyan.controlplane.registry.grpc;

import io.banyan.api.registration.Ack;
import io.banyan.api.registration.InstanceRef;
import io.banyan.api.registration.RegisterRequest;
import io.banyan.api.registration.RegisterResponse;
import io.banyan.api.registration.RegistrationMethods;
import io.banyan.certs.SpiffeId;
import io.banyan.controlplane.ca.PeerAuthenticator;
import io.banyan.controlplane.ca.RequireWorkloadIdentity;
import io.banyan.controlplane.metrics.MetricNames;
import io.banyan.controlplane.registry.InstanceHealth;
import io.banyan.controlplane.registry.InvalidFieldException;
import io.banyan.controlplane.registry.Registration;
import io.banyan.controlplane.registry.Registry;
import io.banyan.controlplane.store.StoreConflictException;
import io.banyan.controlplane.store.StoreUnavailableException;
import io.grpc.BindableService;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code banyan.registry.v1.Registration}: a sidecar registers its instance ({@code mesh: true}),
 * heartbeats and deregisters it, authenticated by its workload certificate (the TLS client certificate), for
 * its own service only. A call without a valid workload certificate is refused with {@code UNAUTHENTICATED}
 * before it is read ({@link RequireWorkloadIdentity}); a join token does not suffice (it only buys a certificate).
 * Registry work runs on a small executor of its own, never on the gRPC transport thread; a register or deregister
 * is answered once the store's group commit that covers it is synced, without a thread waiting for it.
 *
 * <p>Wire defaults: {@code weight} 0 means 1, {@code protocol} empty means http, {@code ttlSeconds}
 * 0 means {@link #DEFAULT_TTL} (a sidecar is expected to heartbeat; the response says how often).
 */
public final class RegistrationService implements BindableService, AutoCloseable {

    public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(RegistrationService.class);

    private final Registry registry;
    private final PeerAuthenticator peers;
    private final MeterRegistry meters;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
        Thread t = new Thread(runnable, "banyan-registration");
        t.setDaemon(true);
        return t;
    });

    /** Callers authenticate with their workload certificate, checked by {@code peers}. */
    public RegistrationService(Registry registry, PeerAuthenticator peers, MeterRegistry meters) {
        this.registry = registry;
        this.peers = peers;
        this.meters = meters;
    }

    @Override
    public ServerServiceDefinition bindService() {
        ServerServiceDefinition definition = ServerServiceDefinition.builder(RegistrationMethods.SERVICE_NAME)
                .addMethod(RegistrationMethods.REGISTER, ServerCalls.asyncUnaryCall(
                        (request, observer) -> runLater("register", observer, () -> register(request))))
                .addMethod(RegistrationMethods.HEARTBEAT, ServerCalls.asyncUnaryCall(
                        (request, observer) -> runLater("heartbeat", observer, () -> heartbeat(request))))
                .addMethod(RegistrationMethods.DEREGISTER, ServerCalls.asyncUnaryCall(
                        (request, observer) -> runLater("deregister", observer, () -> deregister(request))))
                .build();
        return ServerInterceptors.intercept(definition, new RequireWorkloadIdentity(peers, (method, status) ->
                meters.counter(MetricNames.REGISTRATION_CALLS, "method", method.getBareMethodName().toLowerCase(Locale.ROOT),
                        "result", status.getCode().name()).increment()));
    }

    private CompletableFuture<RegisterResponse> register(RegisterRequest request) {
        Registration registration;
        try {
            registration = Registration.builder().service(request.service()).host(request.host())
                    .port(request.port()).zone(request.zone()).version(request.version())
                    .weight(request.weight() == 0 ? null : request.weight())
                    .ttlSeconds(request.ttlSeconds() == 0 ? DEFAULT_TTL.toSeconds() : (long) request.ttlSeconds())
                    .protocol(request.protocol()).metadata(request.metadata())
                    .mesh(true) // a sidecar registers its own inbound port
                    .build();
        } catch (InvalidFieldException e) {
            throw Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
        }
        requireCaller(RequireWorkloadIdentity.IDENTITY.get(), registration.service());
        return registry.registerLater(registration).thenApply(registered ->
                new RegisterResponse(registered.instance().id(), (int) registered.instance().ttl().toSeconds()));
    }

    private CompletableFuture<Ack> heartbeat(InstanceRef ref) {
        SpiffeId caller = RequireWorkloadIdentity.IDENTITY.get();
        return known(ref).thenCompose(instance -> {
            requireCaller(caller, instance.instance().service());
            return registry.heartbeatLater(ref.id());
        }).thenApply(beat -> {
            beat.orElseThrow(() -> notFound(ref.id()));
            return new Ack();
        });
    }

    private CompletableFuture<Ack> deregister(InstanceRef ref) {
        SpiffeId caller = RequireWorkloadIdentity.IDENTITY.get();
        return known(ref).thenCompose(instance -> {
            requireCaller(caller, instance.instance().service());
            return registry.deregisterLater(ref.id());
        }).thenApply(removed -> {
            removed.orElseThrow(() -> notFound(ref.id()));
            return new Ack();
        });
    }

    /** The caller's certificate must be of {@code service}: a sidecar acts for its own service only. */
    private static void requireCaller(SpiffeId caller, String service) {
        if (!caller.service().equals(service)) {
            throw Status.PERMISSION_DENIED.withDescription("service '" + service + "': the caller is " + caller
                    + " (expected: spiffe://" + caller.trustDomain() + "/svc/" + service + ")").asRuntimeException();
        }
    }

    /**
     * The instance {@code ref} names. One not known here is looked up again after the registry's shared store read
     * barrier ({@link Registry#find}), off this thread; NOT_FOUND only then.
     */
    private CompletableFuture<InstanceHealth> known(InstanceRef ref) {
        if (ref.id() == null || ref.id().isEmpty()) {
            throw Status.INVALID_ARGUMENT.withDescription("id: missing (expected: the id Register returned)")
                    .asRuntimeException();
        }
        return registry.find(ref.id()).thenApply(found -> found.orElseThrow(() -> notFound(ref.id())));
    }

    private static StatusRuntimeException notFound(String id) {
        return Status.NOT_FOUND.withDescription("instance '" + id + "': not found (expected: register again)")
                .asRuntimeException();
    }

    /**
     * Runs {@code work} on the executor (wrapped in the caller's gRPC context) and completes the call when its future
     * does (a registration: once its store commit is synced); no thread waits meanwhile.
     */
    private <R> void runLater(String method, StreamObserver<R> observer, Supplier<CompletableFuture<R>> work) {
        Runnable task = io.grpc.Context.current().wrap(() -> {
            CompletableFuture<R> answer;
            try {
                answer = work.get();
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            answer.whenComplete((response, failure) -> complete(method, observer, response, failure));
        });
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            observer.onError(Status.UNAVAILABLE.withDescription("control plane is shutting down").asRuntimeException());
        }
    }

    private <R> void complete(String method, StreamObserver<R> observer, R response, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        String result = "ok";
        if (cause == null) {
            observer.onNext(response);
            observer.onCompleted();
        } else if (cause instanceof StatusRuntimeException e) {
            result = e.getStatus().getCode().name();
            observer.onError(e);
        } else if (cause instanceof StoreConflictException) {
            result = Status.Code.ABORTED.name();
            observer.onError(Status.ABORTED.withDescription("the change kept losing races to other control-plane "
                    + "replicas' writes; retry").asRuntimeException());
        } else if (cause instanceof StoreUnavailableException) {
            result = Status.Code.UNAVAILABLE.name();
            observer.onError(Status.UNAVAILABLE.withDescription("store unavailable: the change was not saved; retry later")
                    .asRuntimeException());
        } else {
            result = Status.Code.INTERNAL.name();
            log.error("registration {} failed", method, cause);
            observer.onError(Status.INTERNAL.withDescription("registration failed (see the control plane's log)")
                    .asRuntimeException());
        }
        meters.counter(MetricNames.REGISTRATION_CALLS, "method", method, "result", result).increment();
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
