package io.banyan.controlplane.xds;

import java.util.Locale;

/** What a DiscoveryRequest says about the previous response: ACK, NACK, or nothing (a first or new request). */
public enum AckResult {
    ACK,
    NACK,
    NONE;

    /** The metric tag value: ack, nack, none. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
