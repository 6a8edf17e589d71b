package io.banyan.controlplane.policy;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a sidecar picks an endpoint of a service; the JSON names are Envoy's, plus {@code peak_ewma}. */
public enum LbPolicy {
    @JsonProperty("round_robin") ROUND_ROBIN,
    @JsonProperty("random") RANDOM,
    @JsonProperty("least_request") LEAST_REQUEST,
    @JsonProperty("ring_hash") RING_HASH,
    @JsonProperty("maglev") MAGLEV,
    /** Linkerd-style peak EWMA of latency; not an Envoy policy (Envoy gets LEAST_REQUEST). */
    @JsonProperty("peak_ewma") PEAK_EWMA;

    /** Whether requests are placed by a hash (see {@link HashPolicy}). */
    public boolean hashing() {
        return this == RING_HASH || this == MAGLEV;
    }

    /** The JSON name, e.g. {@code peak_ewma}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
