package io.banyan.sidecar.admin;

/** Whether the sidecar is ready to take traffic, and if not, why (shown in the 503 body of /ready). */
public record ReadinessStatus(boolean ready, String reason) {

    public static final ReadinessStatus READY = new ReadinessStatus(true, "ready");

    public ReadinessStatus {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("reason: '" + reason + "' (expected: a non-empty reason)");
        }
    }

    public static ReadinessStatus notReady(String reason) {
        return new ReadinessStatus(false, reason);
    }
}
