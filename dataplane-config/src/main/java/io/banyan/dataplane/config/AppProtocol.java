package io.banyan.dataplane.config;

import java.util.Locale;

/** What the local app speaks; the wire names are the registry's: http, http2, grpc, tcp. */
public enum AppProtocol {
    HTTP, HTTP2, GRPC, TCP;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name; the message names the accepted values. */
    public static AppProtocol fromWireName(String value) {
        for (AppProtocol protocol : values()) {
            if (protocol.wireName().equals(value)) {
                return protocol;
            }
        }
        throw new IllegalArgumentException("app-protocol: '" + value + "' (expected: http, http2, grpc or tcp)");
    }
}
