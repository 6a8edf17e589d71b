/**
 * The leaf vocabulary every other sidecar package may use: why a request failed ({@link io.banyan.sidecar.core.ErrorCause},
 * a status code and a token, no Netty) and the drain signal sent down each downstream connection. Imports nothing of
 * the sidecar.
 */
package io.banyan.sidecar.core;
