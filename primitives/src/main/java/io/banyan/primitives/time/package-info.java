/**
 * Time as the mesh uses it: one injectable monotonic {@link io.banyan.primitives.time.Ticker}, one exponential
 * {@link io.banyan.primitives.time.Backoff} with its jitter as a parameter, and one duration grammar,
 * {@link io.banyan.primitives.time.Durations} ({@code 250ms}, {@code 1.5s}, {@code 7d}).
 */
package io.banyan.primitives.time;
