/**
 * Envoy xDS resources (Listener, RouteConfiguration, Cluster, ClusterLoadAssignment) translated into
 * {@link io.banyan.dataplane.config} records, with the reason when one cannot be accepted. Plain Java on
 * protobuf: the sidecar decodes what it receives with it, and the control plane checks what it is about to
 * publish with the very same rules, so it never accepts a resource a sidecar would NACK.
 */
package io.banyan.dataplane.xds;
