/**
 * What the proxy tells about each request it handled, for whoever watches: an {@link io.banyan.sidecar.observe.ExchangeObserver}
 * is told when an exchange begins (and may read its headers), when each attempt starts (and may write the headers that go
 * upstream: trace context) and ends ({@link io.banyan.sidecar.observe.AttemptRecord}), and when the exchange ends
 * ({@link io.banyan.sidecar.observe.ExchangeRecord}). Access logs, traces and the recent-failure ring are observers;
 * the proxy knows none of them. Every call is made on the exchange's event loop: an observer never blocks it.
 */
package io.banyan.sidecar.observe;
