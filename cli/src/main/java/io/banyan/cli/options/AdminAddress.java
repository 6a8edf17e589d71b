package io.banyan.cli.options;

import java.net.URI;
import java.util.Objects;

/**
 * A sidecar's (or gateway's) admin port, {@code HOST:PORT} (IPv6 in brackets: {@code [::1]:15000}): what
 * {@code wait-ready --admin} polls and {@code ctl why --sidecar} asks. The one parser of both, with one error text.
 *
 * @param host a host name or IP address
 * @param port 1..65535
 */
public record AdminAddress(String host, int port) {

    public static final String EXPECTED = "HOST:PORT, e.g. 127.0.0.1:15000";

    public AdminAddress {
        Objects.requireNonNull(host, "host");
    }

    /**
     * Parses {@code HOST:PORT}, the value of option {@code field} (its name without dashes); the message names the
     * field, the value and what was expected.
     */
    public static AdminAddress parse(String field, String text) {
        String value = text == null ? "" : text.strip();
        int colon = value.lastIndexOf(':');
        String host = colon <= 0 ? "" : value.substring(0, colon);
        String port = colon < 0 ? "" : value.substring(colon + 1);
        boolean bracketed = host.startsWith("[") && host.endsWith("]") && host.length() > 2;
        if (host.isEmpty() || !port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535
                || host.chars().anyMatch(Character::isWhitespace) || !bracketed && host.contains(":")
                || host.contains("/") || host.contains("@")) {
            throw new IllegalArgumentException(field + ": '" + text + "' (expected: " + EXPECTED + ")");
        }
        return new AdminAddress(host, Integer.parseInt(port));
    }

    /** {@code http://HOST:PORT}. */
    public URI baseUri() {
        return URI.create("http://" + this);
    }

    /** {@code http://HOST:PORT/ready}. */
    public URI readyUri() {
        return URI.create("http://" + this + "/ready");
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
