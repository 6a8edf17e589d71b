/** Which services may call which: per-service allow lists of calling services and the mesh-wide default. */
package io.banyan.controlplane.authz;
