package io.banyan.controlplane.registry;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What an instance speaks. Wire names are lower case: {@code http}, {@code http2}, {@code grpc}, {@code tcp}. */
public enum Protocol {
    HTTP,
    HTTP2,
    GRPC,
    TCP;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name; the message names the accepted values. */
    public static Protocol fromWireName(String value) {
        for (Protocol protocol : values()) {
            if (protocol.wireName().equals(value)) {
                return protocol;
            }
        }
        throw new IllegalArgumentException("protocol: '" + value + "' (expected: one of "
                + Arrays.stream(values()).map(Protocol::wireName).collect(Collectors.joining(", ")) + ")");
    }
}
