package io.banyan.sidecar.observe;

import io.banyan.dataplane.config.TrafficDirection;
import io.netty.handler.codec.http.HttpHeaders;

import java.time.Instant;

/**
 * An exchange as it begins: its listener and the request head as it came from downstream (the headers are the
 * request's own, read on the event loop during {@link ExchangeObserver#begin}; an observer keeps what it needs, never
 * the headers object).
 */
public record ExchangeStart(Instant start, String listener, TrafficDirection direction, String method,
                            String authority, String path, String protocol, HttpHeaders headers) {
}
