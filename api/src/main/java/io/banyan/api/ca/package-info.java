/**
 * The certificate service a sidecar uses to obtain and renew its workload certificate, on the
 * control plane's gRPC port (the same port as xDS). The first request authenticates with
 * {@code authorization: Bearer <join token>}; renewals may instead present the current, still valid
 * workload certificate as the TLS client certificate.
 */
package io.banyan.api.ca;
