/** Downstream HTTP/2: protocol detection, the server pipeline with its frame and header limits, stream idle timeouts, graceful drain by GOAWAY, and the bridge from streams to HTTP messages. */
package io.banyan.sidecar.http2;
