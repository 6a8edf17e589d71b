/** Test support for the control plane: a small disk that fills up, captured stderr, an admin-API client, a gRPC stream. */
package io.banyan.controlplane.support;
