package io.banyan.dataplane.config;

/** What the endpoints of a cluster speak. */
public enum UpstreamProtocol {
    HTTP1,
    HTTP2,
    GRPC,
    TCP
}
