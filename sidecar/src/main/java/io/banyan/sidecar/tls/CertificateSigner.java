package io.banyan.sidecar.tls;

import io.banyan.api.ca.SignRequest;
import io.banyan.api.ca.SignResponse;

import java.util.concurrent.CompletableFuture;

/** The CA as the certificate manager sees it: signs a CSR; never blocks the caller. */
@FunctionalInterface
public interface CertificateSigner {

    /**
     * Asks for a certificate. {@code renewal} is false for the first request (authenticated by the join token)
     * and true afterwards (authenticated by the current certificate as TLS client certificate).
     */
    CompletableFuture<SignResponse> sign(SignRequest request, boolean renewal);
}
