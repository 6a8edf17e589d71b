package io.banyan.api.xds;

import java.util.Locale;

/**
 * The two ADS variants Banyan speaks: incremental ({@code DeltaAggregatedResources}: only what changed, named
 * resources added and removed) and state of the world ({@code StreamAggregatedResources}: every resource of a type
 * in each response). The sidecar's and gateway's {@code --xds-protocol}; {@code GET /v1/sidecars}' {@code protocol}.
 */
public enum XdsProtocol {
    DELTA,
    SOTW;

    /** The sidecar's default. */
    public static final XdsProtocol DEFAULT = DELTA;

    /** {@code delta} or {@code sotw}: the flag's value and the admin API's field. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a {@link #wireName()}; the message names what was expected. */
    public static XdsProtocol of(String text) {
        for (XdsProtocol protocol : values()) {
            if (protocol.wireName().equals(text)) {
                return protocol;
            }
        }
        throw new IllegalArgumentException("xds-protocol: '" + text + "' (expected: delta or sotw)");
    }
}
