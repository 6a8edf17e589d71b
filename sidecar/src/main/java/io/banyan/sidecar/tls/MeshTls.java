package io.banyan.sidecar.tls;

import io.banyan.dataplane.config.Endpoint;
import io.netty.handler.ssl.SslContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The data plane's mutual TLS, following the current workload identity: the inbound server context, and per
 * destination service and protocol (ALPN h2 or http/1.1) a client context that accepts only that service. Each
 * new identity replaces the contexts (built on the identity's thread, off the event loops); new connections use
 * the new ones, open and pooled connections keep theirs until they close. Mesh endpoints get TLS; the others stay plaintext.
 */
public final class MeshTls implements UpstreamTls, InboundTls, IdentityListener {

    private static final Logger log = LoggerFactory.getLogger(MeshTls.class);

    private final SslContexts contexts;
    private final TlsMetrics metrics;
    private final AtomicReference<Generation> current = new AtomicReference<>();

    public MeshTls(SslContexts contexts, TlsMetrics metrics) {
        this.contexts = Objects.requireNonNull(contexts, "contexts");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public void onIdentity(WorkloadIdentity identity) {
        Generation next = new Generation(identity, contexts.server(identity));
        current.set(next);
        log.info("mutual TLS now uses {} ({})", identity, contexts.provider());
    }

    @Override
    public Optional<SslContext> serverContext() {
        Generation generation = current.get();
        return generation == null ? Optional.empty() : Optional.of(generation.server);
    }

    /**
     * Mesh endpoints: the client context for {@code service}'s endpoints, offering by ALPN h2 when {@code http2}, else
     * http/1.1. With no identity yet there is none to present, so the context trusts nothing and the handshake
     * fails (never plaintext to a mesh endpoint).
     */
    @Override
    public Optional<SslContext> sslContextFor(String service, Endpoint endpoint, boolean http2) {
        if (!endpoint.mesh()) {
            return Optional.empty();
        }
        Generation generation = current.get();
        if (generation == null) {
            throw new IllegalStateException("no workload certificate yet: cannot reach mesh endpoint "
                    + endpoint.authority() + " of " + service);
        }
        Map<String, SslContext> clients = http2 ? generation.http2Clients : generation.http1Clients;
        return Optional.of(clients.computeIfAbsent(service,
                peer -> contexts.client(generation.identity, peer, http2)));
    }

    @Override
    public void onHandshakeFailure(String cluster, Endpoint endpoint, Throwable cause) {
        String reason = metrics.handshakeFailed(TlsMetrics.OUTBOUND, cause);
        log.warn("TLS to {} ({}) failed: {} ({})", endpoint.authority(), cluster, reason, rootMessage(cause));
    }

    @Override
    public void onHandshakeFailure(Throwable cause) {
        String reason = metrics.handshakeFailed(TlsMetrics.INBOUND, cause);
        log.debug("inbound TLS handshake failed: {} ({})", reason, rootMessage(cause));
    }

    private static String rootMessage(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    /** One identity's contexts. */
    private static final class Generation {
        private final WorkloadIdentity identity;
        private final SslContext server;
        private final Map<String, SslContext> http1Clients = new ConcurrentHashMap<>();
        private final Map<String, SslContext> http2Clients = new ConcurrentHashMap<>();

        private Generation(WorkloadIdentity identity, SslContext server) {
            this.identity = identity;
            this.server = server;
        }
    }
}
