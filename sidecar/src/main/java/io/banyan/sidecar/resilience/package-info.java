/** Resilience decisions of the data plane as plain Java: timeouts and deadlines, retries, circuit breakers, thresholds, outlier detection, unreachable endpoints and local rate limits. */
package io.banyan.sidecar.resilience;
