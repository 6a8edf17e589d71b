/** The Banyan control plane: wiring of the registry, the admin API, the xDS server and the store. */
package io.banyan.controlplane;
