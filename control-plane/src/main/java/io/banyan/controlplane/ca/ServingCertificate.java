package io.banyan.controlplane.ca;

import io.banyan.certs.CertificateAuthority;
import io.banyan.certs.EcKeys;
import io.banyan.certs.SpiffeId;
import io.banyan.certs.Usage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The control plane's own TLS certificate for the gRPC port, {@code spiffe://<td>/svc/banyan-control-plane}
 * (server usage), issued by the same CA and renewed at half its lifetime on a thread of its own (key
 * generation never runs on an event loop). It presents the whole chain up to the root, so a sidecar that
 * only knows the root's fingerprint (from its join token) can verify it.
 */
public final class ServingCertificate implements AutoCloseable {

    /** The service name in the control plane's SPIFFE id. */
    public static final String SERVICE = "banyan-control-plane";
    private static final Duration RETRY_DELAY = Duration.ofSeconds(30);
    private static final Duration MIN_RENEWAL_DELAY = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(ServingCertificate.class);

    private final CertificateAuthority authority;
    private final Duration ttl;
    private final Clock clock;
    private final ReloadableKeyManager keyManager = new ReloadableKeyManager();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "banyan-serving-certificate");
        thread.setDaemon(true);
        return thread;
    });
    private int generation;

    /** Issues the first certificate now; call {@link #start()} to keep renewing it. */
    public ServingCertificate(CertificateAuthority authority, Duration ttl, Clock clock) {
        this.authority = Objects.requireNonNull(authority, "authority");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
        renew();
    }

    /** The identity the certificate carries. */
    public static SpiffeId id(String trustDomain) {
        return new SpiffeId(trustDomain, SERVICE);
    }

    /** Schedules the renewals; returns this. */
    public ServingCertificate start() {
        schedule(untilHalfLife());
        return this;
    }

    /** Issues a new key and certificate; new handshakes get them. */
    public synchronized X509Certificate renew() {
        KeyPair keys = EcKeys.generate();
        X509Certificate leaf = authority.issue(keys.getPublic(), id(authority.trustDomain()), ttl, Usage.SERVER);
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(leaf);
        chain.addAll(authority.chain());
        generation++;
        keyManager.update(new ReloadableKeyManager.KeyMaterial("banyan-control-plane-" + generation,
                keys.getPrivate(), chain));
        log.info("control plane serving certificate issued, valid until {}", leaf.getNotAfter().toInstant());
        return leaf;
    }

    /** The certificate new handshakes get. */
    public X509Certificate current() {
        return keyManager.current().chain().get(0);
    }

    public ReloadableKeyManager keyManager() {
        return keyManager;
    }

    /**
     * Half of the current certificate's remaining life, never under {@link #MIN_RENEWAL_DELAY}: the CA backdates
     * {@code notBefore} for clock skew, so half of the nominal life of a short certificate can already be past.
     */
    Duration untilHalfLife() {
        Instant notAfter = current().getNotAfter().toInstant();
        Duration delay = Duration.between(clock.instant(), notAfter).dividedBy(2);
        return delay.compareTo(MIN_RENEWAL_DELAY) < 0 ? MIN_RENEWAL_DELAY : delay;
    }

    private void schedule(Duration delay) {
        try {
            scheduler.schedule(() -> {
                try {
                    renew();
                    schedule(untilHalfLife());
                } catch (RuntimeException e) {
                    log.error("renewing the control plane's serving certificate failed; retrying in {}", RETRY_DELAY, e);
                    schedule(RETRY_DELAY);
                }
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("serving certificate renewal not scheduled: closed");
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
