/**
 * What the data plane tells the control plane about the clusters it sends to: requests by locality, their outcomes
 * and durations, reported over Envoy's Load Reporting Service.
 */
package io.banyan.sidecar.loadstats;
