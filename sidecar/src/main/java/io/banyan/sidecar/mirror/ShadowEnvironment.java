package io.banyan.sidecar.mirror;

import io.banyan.primitives.time.Ticker;
import io.banyan.sidecar.loadstats.LoadSink;
import io.banyan.sidecar.upstream.UpstreamAcquirer;

/**
 * What every shadow copy of a data plane shares: the pool it goes through, where its load is reported (so the mirror
 * cluster has load stats like any other), the clock that times it, and the most request body a copy keeps.
 */
record ShadowEnvironment(UpstreamAcquirer pool, LoadSink loadSink, Ticker ticker, int bodyLimit) {
}
