package io.banyan.sidecar.health;

/** The outcome of one health probe, with a short human-readable detail ("status 200", "timeout after PT1S"). */
public record ProbeResult(boolean success, String detail) {

    public ProbeResult {
        detail = detail == null ? "" : detail;
    }

    public static ProbeResult success(String detail) {
        return new ProbeResult(true, detail);
    }

    public static ProbeResult failure(String detail) {
        return new ProbeResult(false, detail);
    }
}
