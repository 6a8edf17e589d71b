package io.banyan.sidecar.cluster;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.EndpointHealthCheck;

import java.util.concurrent.CompletableFuture;

/** Sends one active health check to an endpoint; completes with whether it passed, never exceptionally, never blocking. */
@FunctionalInterface
public interface HealthProber {

    CompletableFuture<Boolean> probe(Endpoint endpoint, EndpointHealthCheck check);
}
