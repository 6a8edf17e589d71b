/**
 * The control plane's admin REST API: one resource class per resource, the open {@code /healthz}, {@code /readyz}
 * and {@code /metrics}, its JSON set-up and domain errors, served by the shared {@code io.banyan.adminserver} behind
 * the admin token.
 */
package io.banyan.controlplane.admin;
