/** gRPC plumbing for Banyan's own (non-xDS) services: JSON messages in gRPC frames, raw bytes for stub-less calls. */
package io.banyan.api.grpc;
