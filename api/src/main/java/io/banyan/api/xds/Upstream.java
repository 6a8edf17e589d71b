package io.banyan.api.xds;

import io.banyan.primitives.name.ServiceName;

import java.util.Objects;

/**
 * A service a node declared it calls, from a node's {@code BANYAN_UPSTREAMS} entry: {@code orders=9001} (an explicit
 * outbound port bound to it) or {@code orders} (port 0: reached through the shared outbound port only).
 */
public record Upstream(String service, int port) {

    /**
     * The {@code BANYAN_UPSTREAMS} entry (and {@code --upstream} value) that opts a sidecar into every service through
     * its shared outbound port; it has no port.
     */
    public static final String ALL = "*";

    public Upstream {
        Objects.requireNonNull(service, "service");
        ServiceName.check(service, "service");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535, or 0 for none)");
        }
    }

    /** Whether the service has an outbound port of its own (else only the shared outbound port reaches it). */
    public boolean hasPort() {
        return port > 0;
    }

    /** The {@code BANYAN_UPSTREAMS} entry: {@code service=port}, or {@code service} without a port. */
    public String entry() {
        return hasPort() ? service + "=" + port : service;
    }

    /** Whether {@code entry} is {@link #ALL} (blanks around it ignored). */
    public static boolean isAll(String entry) {
        return entry != null && entry.trim().equals(ALL);
    }

    /** Parses {@code <service>=<port>} or {@code <service>}; the message names what was expected. */
    public static Upstream parse(String entry) {
        int eq = entry.indexOf('=');
        if (eq < 0) {
            try {
                return new Upstream(entry.trim(), 0);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + entry + "' " + e.getMessage()
                        + " (expected: <service>=<port> or <service>)", e);
            }
        }
        if (eq == 0 || eq == entry.length() - 1) {
            throw new IllegalArgumentException("'" + entry + "' (expected: <service>=<port> or <service>)");
        }
        String service = entry.substring(0, eq).trim();
        String portText = entry.substring(eq + 1).trim();
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + entry + "' port: '" + portText + "' (expected: 1..65535)");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("'" + entry + "' port: " + port
                    + " (expected: 1..65535; <service> alone for none)");
        }
        try {
            return new Upstream(service, port);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + entry + "' " + e.getMessage(), e);
        }
    }
}
