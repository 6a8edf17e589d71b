package io.banyan.bench.xds;

import java.util.Locale;

/** How a generated node speaks ADS: incremental (delta) or state-of-the-world. */
public enum XdsProtocol {
    DELTA, SOTW;

    public static XdsProtocol parse(String text) {
        for (XdsProtocol protocol : values()) {
            if (protocol.wireName().equals(text)) {
                return protocol;
            }
        }
        throw new IllegalArgumentException("--protocol: '" + text + "' (expected: delta or sotw)");
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
