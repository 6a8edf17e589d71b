package io.banyan.dataplane.config;

import io.banyan.primitives.check.Checks;

import java.util.List;

/** The endpoints of one cluster (xDS ClusterLoadAssignment), healthy ones only as the registry sees them. */
public record ClusterEndpoints(String clusterName, List<Endpoint> endpoints) {

    public ClusterEndpoints {
        Checks.nonEmpty(clusterName, "clusterEndpoints.clusterName");
        endpoints = List.copyOf(Checks.nonNull(endpoints, "clusterEndpoints.endpoints"));
    }
}
