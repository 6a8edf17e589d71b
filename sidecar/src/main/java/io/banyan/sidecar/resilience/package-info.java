/** Resilience decisions of the data plane as plain Java: deadlines, retries and their budget, circuit breakers, thresholds, outlier detection, unreachable endpoints and local rate limits; their settings are records in {@code config}. */
package io.banyan.sidecar.resilience;
