/**
 * The sidecar's xDS client: an ADS stream to the control plane whose Listener, RouteConfiguration,
 * Cluster and ClusterLoadAssignment resources are translated (by {@link io.banyan.dataplane.xds}) into
 * records, ACKed or NACKed, and published whole as a {@link io.banyan.dataplane.config.MeshConfig};
 * also the gRPC channels to the control plane that registration and the CA client share, and the xDS node of
 * this instance. Protobuf never leaves this package and the translation module.
 */
package io.banyan.sidecar.xds;
