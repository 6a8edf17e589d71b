/** Test support for the control plane: a small disk that fills up, captured stderr, an admin-API client. */
package io.banyan.controlplane.support;
