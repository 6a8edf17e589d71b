package io.banyan.sidecar.xds;

import java.util.Objects;

/**
 * One control-plane replica's gRPC endpoint, {@code HOST:PORT} (xDS, registration, CA on one port).
 *
 * @param host a host name or IP address (no spaces, no ':'; IPv6 in brackets is not supported)
 * @param port 1..65535
 */
public record ControlPlaneAddress(String host, int port) {

    public ControlPlaneAddress {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty() || host.chars().anyMatch(c -> c == ':' || Character.isWhitespace(c))) {
            throw new IllegalArgumentException("control-plane host: '" + host
                    + "' (expected: a host name or IP address)");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("control-plane port: " + port + " (expected: 1..65535)");
        }
    }

    /** Parses one {@code HOST:PORT} entry; the message names the entry and what was expected. */
    public static ControlPlaneAddress parse(String entry) {
        String text = entry == null ? "" : entry.strip();
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1 || !text.substring(colon + 1).matches("\\d{1,5}")) {
            throw new IllegalArgumentException("control-plane: '" + entry + "' (expected: HOST:PORT)");
        }
        int port = Integer.parseInt(text.substring(colon + 1));
        try {
            return new ControlPlaneAddress(text.substring(0, colon), port);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("control-plane: '" + entry + "' (expected: HOST:PORT, a host without "
                    + "':' or spaces and a port 1..65535)", e);
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
