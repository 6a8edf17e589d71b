/** The gRPC registration service through which sidecars register, heartbeat and deregister their instances. */
package io.banyan.controlplane.registry.grpc;
