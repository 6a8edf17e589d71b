/**
 * What the data planes report about the clusters they send to (Envoy's Load Reporting Service, with Banyan's
 * extensions: a latency sketch, errors by cause, shadow comparisons), summed across reporters over a sliding window
 * for the migrations' guards.
 */
package io.banyan.controlplane.loadstats;
