package io.banyan.sidecar.health;

import java.util.concurrent.CompletableFuture;

/** One asynchronous health probe; implementations never block the caller and always complete. */
@FunctionalInterface
public interface HealthProbe {

    CompletableFuture<ProbeResult> probe();
}
