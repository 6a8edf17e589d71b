/**
 * The access log: one line per HTTP exchange ({@link io.banyan.sidecar.accesslog.AccessLog}, an exchange observer),
 * JSON with Envoy's field names or text, written to stdout or a size-rotated file by logback's asynchronous appender,
 * which never blocks an event loop and counts the lines it drops.
 */
package io.banyan.sidecar.accesslog;
