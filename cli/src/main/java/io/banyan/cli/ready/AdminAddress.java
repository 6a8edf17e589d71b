package io.banyan.cli.ready;

import java.net.URI;
import java.util.Objects;

/**
 * The admin endpoint {@code wait-ready} polls, {@code HOST:PORT} (IPv6 in brackets: {@code [::1]:15000}).
 *
 * @param host a host name or IP address
 * @param port 1..65535
 */
record AdminAddress(String host, int port) {

    static final String EXPECTED = "HOST:PORT, e.g. 127.0.0.1:15000";

    AdminAddress {
        Objects.requireNonNull(host, "host");
    }

    /** Parses {@code HOST:PORT}; the message names the value and what was expected. */
    static AdminAddress parse(String text) {
        String value = text == null ? "" : text.strip();
        int colon = value.lastIndexOf(':');
        String host = colon <= 0 ? "" : value.substring(0, colon);
        String port = colon < 0 ? "" : value.substring(colon + 1);
        boolean bracketed = host.startsWith("[") && host.endsWith("]") && host.length() > 2;
        if (host.isEmpty() || !port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535
                || host.chars().anyMatch(Character::isWhitespace) || !bracketed && host.contains(":")
                || host.contains("/") || host.contains("@")) {
            throw new IllegalArgumentException("admin: '" + text + "' (expected: " + EXPECTED + ")");
        }
        return new AdminAddress(host, Integer.parseInt(port));
    }

    /** {@code http://HOST:PORT/ready}. */
    URI readyUri() {
        return URI.create("http://" + this + "/ready");
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
