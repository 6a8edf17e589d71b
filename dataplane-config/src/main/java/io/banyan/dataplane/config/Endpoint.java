package io.banyan.dataplane.config;

import io.banyan.primitives.check.Checks;

/**
 * One upstream address of a cluster. {@code mesh} endpoints are another sidecar's inbound port and are
 * reached with mutual TLS; the others (the local app, external services) with a plain connection.
 */
public record Endpoint(String host, int port, int weight, String zone, boolean mesh, String instanceId) {

    public Endpoint {
        Checks.nonEmpty(host, "endpoint.host");
        Checks.port(port, "endpoint.port");
        if (weight < 1) {
            throw new IllegalArgumentException("endpoint.weight of " + host + ":" + port + ": " + weight + " (expected: >= 1)");
        }
        zone = zone == null ? "" : zone;
        instanceId = instanceId == null ? host + ":" + port : instanceId;
    }

    public String authority() {
        return host + ":" + port;
    }
}
