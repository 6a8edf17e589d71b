/** Cluster state derived from each MeshConfig: a cluster's settings, endpoints, load balancer and meters. */
package io.banyan.sidecar.cluster;
