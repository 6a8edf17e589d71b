package io.banyan.controlplane.rollout;

import io.banyan.api.xds.XdsProtocol;

/** {@link StagedRolloutIT} with canaries and other nodes on incremental ADS: a delta ACK or NACK drives the rollout. */
class StagedRolloutDeltaIT extends StagedRolloutIT {

    @Override
    XdsProtocol protocol() {
        return XdsProtocol.DELTA;
    }
}
