/** The Banyan sidecar: wiring of the data plane, the xDS client and the admin endpoints. */
package io.banyan.sidecar;
