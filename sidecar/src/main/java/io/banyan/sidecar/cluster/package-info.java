/** Cluster state derived from each MeshConfig: a cluster's settings, endpoints, balancer, meters and guards (thresholds, retry budget, breakers, outlier detection, active health checks), kept across configs while their settings stay. */
package io.banyan.sidecar.cluster;
