package io.banyan.api.ca;

/**
 * The signed workload certificate followed by its intermediates (PEM), the trust bundle (PEM, one or
 * more roots: several while a root is being rotated), and the certificate's expiry (ISO-8601).
 */
public record SignResponse(String certificateChainPem, String trustBundlePem, String notAfter) {
}
