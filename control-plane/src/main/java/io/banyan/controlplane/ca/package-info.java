/** The control plane's certificate authority: its CA on disk, the trust bundle, the TLS identity of the gRPC port and the signing service. */
package io.banyan.controlplane.ca;
