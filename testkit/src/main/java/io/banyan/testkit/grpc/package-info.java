/** gRPC for tests: methods of raw bytes, no generated stubs. */
package io.banyan.testkit.grpc;
