/** Workload identity certificates: a small EC P-256 certificate authority, CSRs, PEM and SPIFFE ids; Bouncy Castle stays inside. */
package io.banyan.certs;
