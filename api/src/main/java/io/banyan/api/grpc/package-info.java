/** gRPC plumbing for Banyan's own (non-xDS) services: JSON messages in gRPC frames. */
package io.banyan.api.grpc;
