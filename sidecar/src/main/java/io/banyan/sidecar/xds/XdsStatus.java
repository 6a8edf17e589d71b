package io.banyan.sidecar.xds;

import com.fasterxml.jackson.annotation.JsonProperty;

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
 * @param refused       per type, the resources refused before any version of them was accepted (name to reason):
 *                      absent from the config; only those the control plane still sends
 * @param controlPlane  the control-plane replica in use ({@code HOST:PORT}); empty before the first stream
 * @param staleSince    while the sidecar serves the configuration saved in its data dir and has not heard from a
 *                      control plane yet: when that configuration was saved (its last ACK); null otherwise
 */
public record XdsStatus(boolean connected, Map<String, String> ackedVersions, Map<String, Nack> lastNacks,
                        Instant lastUpdate, Map<String, Map<String, String>> stale,
                        Map<String, Map<String, String>> refused, String controlPlane, Instant staleSince) {

    public static final XdsStatus INITIAL = new XdsStatus(false, Map.of(), Map.of(), null, Map.of(), Map.of(), "",
            null);

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
        refused = Map.copyOf(Objects.requireNonNull(refused, "refused"));
        Objects.requireNonNull(controlPlane, "controlPlane");
    }

    /** Whether the sidecar serves a saved configuration without having heard from a control plane since it started. */
    @JsonProperty("stale_config")
    public boolean staleConfig() {
        return staleSince != null;
    }

    public Optional<Instant> lastUpdateTime() {
        return Optional.ofNullable(lastUpdate);
    }

    XdsStatus withConnected(boolean up) {
        return new XdsStatus(up, ackedVersions, lastNacks, lastUpdate, stale, refused, controlPlane, staleSince);
    }

    XdsStatus withAck(String typeUrl, String version, Instant at) {
        Map<String, String> versions = new java.util.HashMap<>(ackedVersions);
        versions.put(typeUrl, version);
        return new XdsStatus(connected, versions, lastNacks, at, stale, refused, controlPlane, staleSince);
    }

    XdsStatus withNack(String typeUrl, Nack nack) {
        Map<String, Nack> nacks = new java.util.HashMap<>(lastNacks);
        nacks.put(typeUrl, nack);
        return new XdsStatus(connected, ackedVersions, nacks, lastUpdate, stale, refused, controlPlane, staleSince);
    }

    /** Both keyed by type URL. */
    XdsStatus withRefusals(Map<String, Map<String, String>> staleByTypeUrl,
                           Map<String, Map<String, String>> refusedByTypeUrl) {
        return new XdsStatus(connected, ackedVersions, lastNacks, lastUpdate, staleByTypeUrl, refusedByTypeUrl,
                controlPlane, staleSince);
    }

    XdsStatus withControlPlane(String inUse) {
        return new XdsStatus(connected, ackedVersions, lastNacks, lastUpdate, stale, refused, inUse, staleSince);
    }

    /** {@code savedAt}: serving a saved configuration of then; null: heard from a control plane. */
    XdsStatus withStaleSince(Instant savedAt) {
        return new XdsStatus(connected, ackedVersions, lastNacks, lastUpdate, stale, refused, controlPlane, savedAt);
    }
}
