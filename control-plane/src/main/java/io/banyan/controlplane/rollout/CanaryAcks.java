package io.banyan.controlplane.rollout;

import io.banyan.controlplane.xds.SidecarStatus;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the canary nodes did with a staged change, read from their ACK/NACK state: a NACK since the rollout started
 * (by comparison with each node's last NACK when the canaries were chosen), or whether each one ACKed, for every type
 * it subscribes to, the version of the snapshot it is published now (which holds the change).
 */
final class CanaryAcks {

    private CanaryAcks() {
    }

    /** Each type URL's last NACK of {@code status}. */
    static Map<String, SidecarStatus.Nack> nacks(SidecarStatus status) {
        Map<String, SidecarStatus.Nack> nacks = new HashMap<>();
        status.types().forEach((type, typeStatus) -> {
            if (typeStatus.lastNack() != null) {
                nacks.put(type, typeStatus.lastNack());
            }
        });
        return nacks;
    }

    /** The NACK {@code status} sent since {@code before} was its NACK state, as a revert's reason; else empty. */
    static Optional<String> newNack(SidecarStatus status, Map<String, SidecarStatus.Nack> before) {
        for (Map.Entry<String, SidecarStatus.Nack> nack : nacks(status).entrySet()) {
            if (!nack.getValue().equals(before.get(nack.getKey()))) {
                return Optional.of("canary node '" + status.nodeId() + "' NACKed " + shortType(nack.getKey())
                        + " version " + nack.getValue().version() + ": " + cut(nack.getValue().message()));
            }
        }
        return Optional.empty();
    }

    /** Whether {@code status} ACKed, for each type it subscribes to, the version {@code published} holds. */
    static boolean acked(SidecarStatus status, Map<String, String> published) {
        if (published.isEmpty()) {
            return false;
        }
        for (Map.Entry<String, String> type : published.entrySet()) {
            if (status.types().containsKey(type.getKey())
                    && !status.type(type.getKey()).ackedVersion().equals(type.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static String shortType(String typeUrl) {
        return typeUrl.substring(typeUrl.lastIndexOf('.') + 1);
    }

    private static String cut(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "...";
    }
}
