package io.banyan.controlplane.ca;

import io.banyan.api.ca.CertificateMethods;
import io.banyan.api.ca.SignRequest;
import io.banyan.api.ca.SignResponse;
import io.banyan.certs.CertificateAuthority;
import io.banyan.certs.Csr;
import io.banyan.certs.Pem;
import io.banyan.certs.SpiffeId;
import io.banyan.certs.Usage;
import io.banyan.controlplane.store.StoreUnavailableException;
import io.banyan.controlplane.token.JoinTokens;
import io.banyan.controlplane.token.TokenRejectedException;
import io.grpc.BindableService;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code banyan.ca.v1.CertificateService/Sign}: signs a sidecar's CSR for its own service only. The caller
 * proves its service with {@code authorization: Bearer <join token>} (bootstrap) or, without a token, with
 * its current workload certificate as TLS client certificate (renewal). The certificate is for client and
 * server use (a sidecar is both) and lives for the configured TTL. Runs on gRPC's application executor,
 * never on the transport's event loop.
 */
public final class CertificateService implements BindableService {

    private static final Logger log = LoggerFactory.getLogger(CertificateService.class);

    private final CertificateAuthority authority;
    private final TrustBundle bundle;
    private final JoinTokens tokens;
    private final PeerAuthenticator peers;
    private final Duration ttl;
    private final CaMetrics metrics;

    public CertificateService(LoadedCa ca, JoinTokens tokens, PeerAuthenticator peers, Duration ttl, CaMetrics metrics) {
        this.authority = ca.authority();
        this.bundle = ca.bundle();
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.peers = Objects.requireNonNull(peers, "peers");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public ServerServiceDefinition bindService() {
        ServerServiceDefinition definition = ServerServiceDefinition.builder(CertificateMethods.SERVICE_NAME)
                .addMethod(CertificateMethods.SIGN, ServerCalls.asyncUnaryCall(this::sign))
                .build();
        return ServerInterceptors.intercept(definition, new BearerTokenInterceptor(), new PeerCertificates());
    }

    private void sign(SignRequest request, StreamObserver<SignResponse> observer) {
        try {
            observer.onNext(sign(request, BearerTokenInterceptor.TOKEN.get(), PeerCertificates.CHAIN.get()));
            observer.onCompleted();
        } catch (StatusRuntimeException e) {
            observer.onError(e);
        } catch (StoreUnavailableException e) { // logged once by the store; the caller retries on its backoff
            observer.onError(Status.UNAVAILABLE.withDescription(e.getMessage() + " (retry later)").asRuntimeException());
        } catch (RuntimeException e) {
            log.error("signing failed", e);
            observer.onError(Status.INTERNAL.withDescription("signing failed (see the control plane's log)").asRuntimeException());
        }
    }

    /** Authenticates the caller, checks the CSR asks for the caller's own identity, and signs it. */
    SignResponse sign(SignRequest request, String token, List<X509Certificate> peerChain) {
        Caller caller = authenticate(token, peerChain);
        if (caller.service().equals(ServingCertificate.SERVICE)) {
            throw refuse("wrong_service", Status.PERMISSION_DENIED, "service '" + ServingCertificate.SERVICE
                    + "': reserved for the control plane's own certificate (expected: a workload's service)");
        }
        Csr csr = parse(request == null ? null : request.csrPem());
        SpiffeId wanted = new SpiffeId(authority.trustDomain(), caller.service());
        Optional<SpiffeId> requested;
        try {
            requested = csr.requestedId();
        } catch (IllegalArgumentException e) {
            throw refuse("bad_csr", Status.INVALID_ARGUMENT, "csrPem: " + e.getMessage());
        }
        if (requested.isEmpty()) {
            throw refuse("bad_csr", Status.INVALID_ARGUMENT, "csrPem: no URI SAN (expected: " + wanted + ")");
        }
        if (!requested.get().equals(wanted)) {
            String asked = requested.get().trustDomain().equals(authority.trustDomain())
                    ? requested.get().service() : requested.get().toString();
            throw refuse("wrong_service", Status.PERMISSION_DENIED, caller.proof() + " for " + caller.service()
                    + " cannot obtain a certificate for " + asked);
        }
        X509Certificate leaf;
        try {
            leaf = authority.issue(csr.publicKey(), wanted, ttl, Usage.BOTH);
        } catch (IllegalArgumentException e) {
            throw refuse("bad_csr", Status.INVALID_ARGUMENT, "csrPem: " + e.getMessage());
        }
        metrics.issued();
        log.info("issued {} until {} ({} {})", wanted, leaf.getNotAfter().toInstant(), caller.proof(), caller.detail());
        return new SignResponse(Pem.writeCertificates(authority.presentedChain(leaf)), bundle.pem(),
                leaf.getNotAfter().toInstant().toString());
    }

    private Caller authenticate(String token, List<X509Certificate> peerChain) {
        if (token != null) {
            try {
                return new Caller(tokens.verify(token), "token", token.substring(0, Math.min(16, token.length())));
            } catch (TokenRejectedException e) {
                throw refuse("token_rejected", Status.UNAUTHENTICATED, e.getMessage());
            }
        }
        if (peerChain != null && !peerChain.isEmpty()) {
            try {
                SpiffeId id = peers.authenticate(peerChain);
                return new Caller(id.service(), "certificate", id.toString());
            } catch (PeerAuthenticator.RejectedException e) {
                throw refuse("bad_certificate", Status.UNAUTHENTICATED, e.getMessage());
            }
        }
        throw refuse("unauthenticated", Status.UNAUTHENTICATED, "authorization: missing (expected: Bearer <join token>, "
                + "or the current workload certificate as the TLS client certificate)");
    }

    private Csr parse(String csrPem) {
        if (csrPem == null || csrPem.isBlank()) {
            throw refuse("bad_csr", Status.INVALID_ARGUMENT, "csrPem: missing (expected: a PEM CERTIFICATE REQUEST)");
        }
        try {
            Csr csr = Csr.parse(Pem.readCsr(csrPem));
            csr.verify();
            return csr;
        } catch (IllegalArgumentException e) {
            throw refuse("bad_csr", Status.INVALID_ARGUMENT, "csrPem: " + e.getMessage());
        }
    }

    private StatusRuntimeException refuse(String reason, Status status, String description) {
        metrics.refused(reason);
        log.info("certificate request refused ({}): {}", reason, description);
        return status.withDescription(description).asRuntimeException();
    }

    /** Whom a request is from and how that was proven. */
    private record Caller(String service, String proof, String detail) {
    }
}
