package io.banyan.api.ca;

/** A PKCS#10 request (PEM) for {@code spiffe://<trust-domain>/svc/<service>}; the private key stays with the caller. */
public record SignRequest(String csrPem) {
}
