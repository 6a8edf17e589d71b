package io.banyan.sidecar.tls;

import io.banyan.api.ca.JoinTokenText;
import io.banyan.certs.SpiffeId;
import io.banyan.sidecar.xds.ControlPlaneChannels;
import io.grpc.ChannelCredentials;
import io.grpc.TlsChannelCredentials;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.ssl.SslProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The sidecar's zero-trust identity in one place, for {@code Sidecar} to wire in a few lines: the control-plane
 * channel's TLS credentials (pinned by the join token, then the bundle; presenting our certificate), the data
 * plane's mutual TLS ({@link #tls()}), and the certificate manager that obtains and renews the workload
 * certificate on its own thread. The trust domain is given (the {@code --trust-domain} option, default
 * {@value #DEFAULT_TRUST_DOMAIN}); it must be the control plane's.
 */
public final class MeshIdentity implements AutoCloseable {

    public static final String DEFAULT_TRUST_DOMAIN = "mesh.local";

    private static final Logger log = LoggerFactory.getLogger(MeshIdentity.class);

    private final SpiffeId id;
    private final String token;
    private final String caFingerprint;
    private final Clock clock;
    private final ControlPlaneTrust trust;
    private final WorkloadKeyManager keyManager = new WorkloadKeyManager();
    private final List<IdentityListener> listeners = new CopyOnWriteArrayList<>();
    private final MeshTls tls;
    private final CompletableFuture<WorkloadIdentity> first = new CompletableFuture<>();
    private volatile CertificateManager manager;
    private ScheduledExecutorService executor;

    /**
     * Fails fast on a token without a CA fingerprint: the control plane is TLS-only and the fingerprint is how this
     * sidecar trusts it before it has the bundle.
     */
    public MeshIdentity(String service, String trustDomain, String token, MeterRegistry registry, Clock clock) {
        this.id = new SpiffeId(trustDomain, service);
        this.clock = Objects.requireNonNull(clock, "clock");
        JoinTokenText parsed = JoinTokenText.parse(token);
        String fingerprint = parsed.caFingerprint().orElseThrow(() -> new IllegalArgumentException(
                "token: no CA fingerprint (expected: <id>.<secret>.<ca-sha256> from POST /v1/tokens; "
                        + "the control plane is TLS-only)"));
        this.token = parsed.text();
        this.caFingerprint = fingerprint;
        this.trust = new ControlPlaneTrust(fingerprint, trustDomain, this::bundle, clock);
        SslProvider provider = SslContexts.defaultProvider();
        if (provider != SslProvider.OPENSSL) {
            log.warn("OpenSSL (netty-tcnative) unavailable: mutual TLS uses the JDK engine");
        }
        TlsMetrics metrics = new TlsMetrics(registry);
        this.tls = new MeshTls(new SslContexts(provider), metrics);
        metrics.certificateExpiry(service, this::current, clock);
        listeners.add(new TrustRootExpiry(registry, service, clock));
    }

    /** TLS credentials for {@code new ControlPlaneChannels(host, port, credentials)}. */
    public ChannelCredentials channelCredentials() {
        return TlsChannelCredentials.newBuilder()
                .trustManager(trust)
                .keyManager(keyManager)
                .build();
    }

    /** The data plane's mutual TLS: both {@code UpstreamTls} and {@code InboundTls}. */
    public MeshTls tls() {
        return tls;
    }

    public SpiffeId id() {
        return id;
    }

    /** The SHA-256 of the CA the join token pins (64 hex digits). */
    public String caFingerprint() {
        return caFingerprint;
    }

    /** Also tells {@code listener} of each new identity (after the TLS parts have it); call before {@link #start}. */
    public void addListener(IdentityListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Starts obtaining the workload certificate over {@code channels} (the first request carries the token). */
    public void start(ControlPlaneChannels channels) {
        start(channels, Optional.empty());
    }

    /**
     * As {@link #start(ControlPlaneChannels)}, or, given an identity {@code saved} in the data dir (checked by
     * {@link SavedIdentities#restore}), serving with it at once and renewing it over {@code channels} when due.
     */
    public synchronized void start(ControlPlaneChannels channels, Optional<WorkloadIdentity> saved) {
        if (manager != null) {
            throw new IllegalStateException("already started");
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "banyan-certificates");
            thread.setDaemon(true);
            return thread;
        });
        CertificateManager started = new CertificateManager(id, new GrpcCertificateSigner(channels, token),
                TaskScheduler.of(executor), clock, RenewalPolicy.DEFAULT, new Random());
        started.addListener(keyManager);
        started.addListener(tls);
        listeners.forEach(started::addListener);
        started.firstIdentity().whenComplete((identity, failure) -> {
            if (failure == null) {
                first.complete(identity);
            } else {
                first.completeExceptionally(failure);
            }
        });
        manager = started;
        saved.ifPresentOrElse(started::resume, started::start);
    }

    /** Completes with the first workload identity, on the certificate thread (never an event loop). */
    public CompletableFuture<WorkloadIdentity> firstIdentity() {
        return first;
    }

    public Optional<WorkloadIdentity> current() {
        CertificateManager now = manager;
        return now == null ? Optional.empty() : now.current();
    }

    private List<X509Certificate> bundle() {
        return current().map(WorkloadIdentity::trustBundle).orElse(List.of());
    }

    @Override
    public synchronized void close() {
        if (manager != null) {
            manager.close();
            executor.shutdownNow();
        }
        first.completeExceptionally(new IllegalStateException("mesh identity closed"));
    }
}
