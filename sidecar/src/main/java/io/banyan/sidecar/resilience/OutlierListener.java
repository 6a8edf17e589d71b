package io.banyan.sidecar.resilience;

import io.banyan.dataplane.config.Endpoint;

import java.time.Duration;

/** Told when outlier detection ejects an endpoint and when it brings one back. Called on the reporting thread. */
public interface OutlierListener {

    OutlierListener NONE = new OutlierListener() {
    };

    default void onEjected(Endpoint endpoint, OutlierDetector.Reason reason, Duration ejectionTime) {
    }

    default void onUnejected(Endpoint endpoint) {
    }
}
