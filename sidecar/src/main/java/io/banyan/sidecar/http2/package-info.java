/** HTTP/2 on both sides of the proxy: frame codecs with their limits, and the bridge from streams to HTTP messages. */
package io.banyan.sidecar.http2;
