package io.banyan.cli.demo;

import java.time.Duration;

/**
 * Something the demo does to the mesh under traffic (the kill of an instance, a graceful stop) and what it cost: the
 * requests that failed inside the mesh from it until the next disruption or the end of traffic.
 *
 * @param what         what was done, e.g. {@code the kill of orders-2}
 * @param at           when, from the start of traffic
 * @param until        the end of its window: the next disruption or the end of traffic
 * @param meshFailures failed requests in the window, the app's own 503s apart
 */
record Disruption(String what, Duration at, Duration until, long meshFailures) {
}
