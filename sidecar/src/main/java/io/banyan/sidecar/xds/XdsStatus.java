package io.banyan.sidecar.xds;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the xDS client knows of its control plane at one moment, for the admin endpoints. Maps are
 * keyed by xDS type URL.
 *
 * @param connected     whether the ADS stream is up
 * @param ackedVersions last accepted (ACKed) version per type
 * @param lastNacks     last rejected response per type, kept after later ACKs for diagnosis
 * @param lastUpdate    when the last update was accepted; null before the first
 * @param stale         per type, the resources whose latest version was refused (name to reason): they keep
 *                      their last accepted version while the rest of their response was applied
 */
public record XdsStatus(boolean connected, Map<String, String> ackedVersions, Map<String, Nack> lastNacks,
                        Instant lastUpdate, Map<String, Map<String, String>> stale) {

    public static final XdsStatus INITIAL = new XdsStatus(false, Map.of(), Map.of(), null, Map.of());

    /** A rejected response: its version, the error_detail message sent back, and when. */
    public record Nack(String version, String message, Instant at) {

        public Nack {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(at, "at");
        }
    }

    public XdsStatus {
        ackedVersions = Map.copyOf(Objects.requireNonNull(ackedVersions, "ackedVersions"));
        lastNacks = Map.copyOf(Objects.requireNonNull(lastNacks, "lastNacks"));
        stale = Map.copyOf(Objects.requireNonNull(stale, "stale"));
    }

    public Optional<Instant> lastUpdateTime() {
        return Optional.ofNullable(lastUpdate);
    }

    XdsStatus withConnected(boolean up) {
        return new XdsStatus(up, ackedVersions, lastNacks, lastUpdate, stale);
    }

    XdsStatus withAck(String typeUrl, String version, Instant at) {
        Map<String, String> versions = new java.util.HashMap<>(ackedVersions);
        versions.put(typeUrl, version);
        return new XdsStatus(connected, versions, lastNacks, at, stale);
    }

    XdsStatus withNack(String typeUrl, Nack nack) {
        Map<String, Nack> nacks = new java.util.HashMap<>(lastNacks);
        nacks.put(typeUrl, nack);
        return new XdsStatus(connected, ackedVersions, nacks, lastUpdate, stale);
    }

    XdsStatus withStale(Map<String, Map<String, String>> byTypeUrl) {
        return new XdsStatus(connected, ackedVersions, lastNacks, lastUpdate, byTypeUrl);
    }
}
