/**
 * Traces: the trace context a request carries (W3C Trace Context, B3 single and multi) read and continued, a sampling
 * decision per trace, and a SERVER span per exchange with a CLIENT span per attempt exported over OTLP by the
 * OpenTelemetry SDK, which is loaded only when an OTLP endpoint is configured
 * ({@link io.banyan.sidecar.trace.Tracing}).
 */
package io.banyan.sidecar.trace;
