package io.banyan.dataplane.config;

/** Load-balancing algorithm of a cluster. */
public enum LbPolicy {
    ROUND_ROBIN
}
