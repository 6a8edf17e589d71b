package io.banyan.sidecar.tls;

import io.banyan.api.ca.SignRequest;
import io.banyan.api.ca.SignResponse;
import io.banyan.certs.Csr;
import io.banyan.certs.EcKeys;
import io.banyan.certs.Pem;
import io.banyan.certs.SpiffeId;
import io.banyan.primitives.time.Backoff;
import io.banyan.primitives.time.Jitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;

/**
 * Obtains and renews this sidecar's workload certificate. Each round, on the scheduler's thread (never an event
 * loop): a fresh EC P-256 key pair, a CSR for the SPIFFE id, a SIGN call; the answer is checked (our key, our id,
 * still valid), becomes the current identity and is announced to listeners. Renewal is scheduled at half-life with
 * jitter; a failed round is retried with backoff, while the previous certificate keeps serving.
 */
public final class CertificateManager implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CertificateManager.class);

    private final SpiffeId id;
    private final CertificateSigner signer;
    private final TaskScheduler scheduler;
    private final Clock clock;
    private final RenewalPolicy policy;
    private final RandomGenerator random;
    private final Backoff backoff;
    private int failures;
    private final AtomicReference<WorkloadIdentity> current = new AtomicReference<>();
    private final CompletableFuture<WorkloadIdentity> first = new CompletableFuture<>();
    private final List<IdentityListener> listeners = new CopyOnWriteArrayList<>();
    private volatile Instant nextRenewal;
    private volatile boolean closed;

    public CertificateManager(SpiffeId id, CertificateSigner signer, TaskScheduler scheduler, Clock clock,
                              RenewalPolicy policy, RandomGenerator random) {
        this.id = Objects.requireNonNull(id, "id");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.random = Objects.requireNonNull(random, "random");
        this.backoff = Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(30)).withJitter(Jitter.of(0.2))
                .withRandom(random);
    }

    /** Starts the first round on the scheduler's thread. */
    public void start() {
        scheduler.execute(this::round);
    }

    /**
     * Starts from {@code saved}, an identity kept from an earlier run and valid now (see {@link SavedIdentities}): it is
     * the current identity at once (listeners told, {@link #firstIdentity()} complete) and is renewed when due, as one
     * just issued; a renewal that fails retries with backoff while it serves. Instead of {@link #start()}.
     */
    public void resume(WorkloadIdentity saved) {
        Objects.requireNonNull(saved, "saved");
        scheduler.execute(() -> {
            if (!closed) {
                log.info("workload certificate for {} restored from the data dir, valid until {}", id,
                        saved.notAfter());
                install(saved, clock.instant());
            }
        });
    }

    /** Completes with the first identity (never on an event loop); fails only if closed before. */
    public CompletableFuture<WorkloadIdentity> firstIdentity() {
        return first;
    }

    public Optional<WorkloadIdentity> current() {
        return Optional.ofNullable(current.get());
    }

    /** When the next renewal (or retry) is due; empty before the first round was scheduled. */
    public Optional<Instant> nextRenewal() {
        return Optional.ofNullable(nextRenewal);
    }

    public SpiffeId id() {
        return id;
    }

    /** Adds a listener, told at once of the current identity if there is one. */
    public void addListener(IdentityListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        WorkloadIdentity now = current.get();
        if (now != null) {
            listener.onIdentity(now);
        }
    }

    private void round() {
        if (closed) {
            return;
        }
        boolean renewal = current.get() != null;
        KeyPair keys;
        SignRequest request;
        try {
            keys = EcKeys.generate();
            request = new SignRequest(Pem.writeCsr(Csr.create(keys, id)));
        } catch (RuntimeException e) {
            failed(e);
            return;
        }
        CompletableFuture<SignResponse> answer;
        try {
            answer = signer.sign(request, renewal);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((response, failure) -> scheduler.execute(() -> {
            if (failure != null) {
                failed(failure);
                return;
            }
            try {
                accept(keys, response);
            } catch (RuntimeException e) {
                failed(e);
            }
        }));
    }

    private void accept(KeyPair keys, SignResponse response) {
        if (closed) {
            return;
        }
        List<X509Certificate> chain = Pem.readCertificates(response.certificateChainPem());
        List<X509Certificate> bundle = Pem.readCertificates(response.trustBundlePem());
        if (!chain.get(0).getPublicKey().equals(keys.getPublic())) {
            throw new IllegalStateException("signed certificate: public key is not the one of our CSR");
        }
        WorkloadIdentity identity = new WorkloadIdentity(id, keys.getPrivate(), chain, bundle);
        Instant now = clock.instant();
        if (!identity.notAfter().isAfter(now)) {
            throw new IllegalStateException("signed certificate: expired at " + identity.notAfter() + " (now " + now + ")");
        }
        log.info("workload certificate for {} issued, valid until {}", id, identity.notAfter());
        install(identity, now);
    }

    /** Makes {@code identity} the current one, tells the listeners and schedules its renewal. */
    private void install(WorkloadIdentity identity, Instant now) {
        current.set(identity);
        failures = 0;
        for (IdentityListener listener : listeners) {
            try {
                listener.onIdentity(identity);
            } catch (RuntimeException e) {
                log.error("identity listener {} failed", listener, e);
            }
        }
        first.complete(identity);
        // From now, not from notBefore: the CA backdates notBefore (clock skew), which on short-lived
        // certificates would put half-life at the moment of issue.
        Instant issuedOrLater = now.isAfter(identity.notBefore()) ? now : identity.notBefore();
        Instant renewAt = policy.renewAt(issuedOrLater, identity.notAfter(), random.nextDouble());
        scheduleAt(renewAt);
    }

    private void failed(Throwable failure) {
        if (closed) {
            return;
        }
        Duration delay = backoff.delay(++failures);
        WorkloadIdentity now = current.get();
        if (now == null) {
            log.warn("workload certificate for {} not obtained yet, retrying in {}: {}", id, delay, failure.toString());
        } else if (now.notAfter().isAfter(clock.instant())) {
            log.warn("workload certificate renewal failed, retrying in {} (current one valid until {}): {}",
                    delay, now.notAfter(), failure.toString());
        } else {
            log.error("workload certificate expired at {} and renewal fails, retrying in {}: {}",
                    now.notAfter(), delay, failure.toString());
        }
        scheduleAt(clock.instant().plus(delay));
    }

    private void scheduleAt(Instant at) {
        nextRenewal = at;
        Duration delay = Duration.between(clock.instant(), at);
        scheduler.schedule(this::round, delay.isNegative() ? Duration.ZERO : delay);
    }

    /** Stops renewing; the current identity stays readable. */
    @Override
    public void close() {
        closed = true;
        first.completeExceptionally(new IllegalStateException("certificate manager closed"));
    }
}
