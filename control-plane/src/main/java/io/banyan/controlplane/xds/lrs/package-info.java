/**
 * The Load Reporting Service on the xDS port: data planes stream their per-cluster load (Envoy's
 * {@code envoy.service.load_stats.v3}, with Banyan's extensions) into the {@code loadstats} store, and are told which
 * clusters to report on.
 */
package io.banyan.controlplane.xds.lrs;
