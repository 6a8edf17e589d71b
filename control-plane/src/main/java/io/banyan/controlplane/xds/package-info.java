/** Turns the registry into Envoy v3 resources per sidecar and serves them over ADS (java-control-plane). */
package io.banyan.controlplane.xds;
