package io.banyan.api.xds;

import io.banyan.primitives.name.ServiceName;

import java.util.Objects;

/** An explicit outbound port bound to one service, from a node's {@code BANYAN_UPSTREAMS} entry {@code orders=9001}. */
public record Upstream(String service, int port) {

    /**
     * The {@code BANYAN_UPSTREAMS} entry (and {@code --upstream} value) that opts a sidecar into every service through
     * its shared outbound port; it has no port.
     */
    public static final String ALL = "*";

    public Upstream {
        Objects.requireNonNull(service, "service");
        ServiceName.check(service, "service");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
        }
    }

    /** Whether {@code entry} is {@link #ALL} (blanks around it ignored). */
    public static boolean isAll(String entry) {
        return entry != null && entry.trim().equals(ALL);
    }

    /** Parses {@code <service>=<port>}; the message names what was expected. */
    public static Upstream parse(String entry) {
        int eq = entry.indexOf('=');
        if (eq <= 0 || eq == entry.length() - 1) {
            throw new IllegalArgumentException("'" + entry + "' (expected: <service>=<port>)");
        }
        String service = entry.substring(0, eq).trim();
        String portText = entry.substring(eq + 1).trim();
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + entry + "' port: '" + portText + "' (expected: 1..65535)");
        }
        try {
            return new Upstream(service, port);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + entry + "' " + e.getMessage(), e);
        }
    }
}
