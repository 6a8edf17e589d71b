/**
 * The control plane's certificate authority: its CA on disk, the trust bundle, the TLS identity of the gRPC port, the
 * signing service, and the interceptors that authenticate gRPC callers by join token or workload certificate.
 */
package io.banyan.controlplane.ca;
