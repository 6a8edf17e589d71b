/** Metric names of the control plane. */
package io.banyan.controlplane.metrics;
