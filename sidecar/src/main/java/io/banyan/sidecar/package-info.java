/** The Banyan sidecar: its launch settings, and the wiring of identity, xDS client, registration, app health checks, data plane and admin endpoints. */
package io.banyan.sidecar;
