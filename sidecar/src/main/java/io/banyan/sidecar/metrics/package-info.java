/** Metric names of the sidecar and the cached meters the request path records into. */
package io.banyan.sidecar.metrics;
