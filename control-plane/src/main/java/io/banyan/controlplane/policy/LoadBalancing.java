package io.banyan.controlplane.policy;

/**
 * Load balancing of one service: the policy, what a hashing policy hashes, whether to prefer the caller's
 * zone, and the panic threshold (below this percentage of healthy endpoints, all endpoints get traffic).
 */
public record LoadBalancing(LbPolicy policy, HashPolicy hash, Boolean zoneAware, Integer panicThresholdPercent) {

    public static final LoadBalancing DEFAULT = new LoadBalancing(null, null, null, null);

    public LoadBalancing {
        policy = Check.orDefault(policy, LbPolicy.ROUND_ROBIN);
        zoneAware = Check.orDefault(zoneAware, Boolean.FALSE);
        panicThresholdPercent = Check.range("loadBalancing.panicThresholdPercent",
                Check.orDefault(panicThresholdPercent, 50), 0, 100);
        if (hash != null && !policy.hashing()) {
            throw Check.invalid("loadBalancing.hash", "set with policy " + policy.wireName()
                    + " (expected: only with policy ring_hash or maglev)");
        }
    }
}
