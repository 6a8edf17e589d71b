/**
 * The data plane's Load Reporting Service client ({@code envoy.service.load_stats.v3}): on the control-plane channel
 * it reports, every interval the control plane asks for, the load of the clusters it asks about (requests per zone,
 * outcomes, a latency sketch, shadow comparisons), encoded from the {@code loadstats} counters.
 */
package io.banyan.sidecar.xds.lrs;
