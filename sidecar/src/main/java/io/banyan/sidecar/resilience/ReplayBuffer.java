package io.banyan.sidecar.resilience;

import io.banyan.sidecar.config.Checks;

/**
 * The accountant of a request's bounded replay buffer: counts the body bytes kept for a retry and
 * says once they no longer fit, after which the request is never retried and the data plane may
 * release what it kept. One per request, used on its event loop only.
 */
public final class ReplayBuffer {

    /** Default limit: 64 KiB (Envoy's {@code per_request_buffer_limit_bytes} plays this part; its default is 1 MiB). */
    public static final int DEFAULT_LIMIT_BYTES = 64 * 1024;

    private final int limitBytes;
    private long bytes;
    private boolean overflowed;

    public ReplayBuffer(int limitBytes) {
        this.limitBytes = Checks.atLeast(limitBytes, 0, "limitBytes");
    }

    public static ReplayBuffer withDefaultLimit() {
        return new ReplayBuffer(DEFAULT_LIMIT_BYTES);
    }

    /**
     * Accounts for {@code readable} more body bytes. Returns true if they are to be kept for replay;
     * false once the body exceeds the limit (from then on, always false).
     */
    public boolean add(int readable) {
        Checks.atLeast(readable, 0, "readable");
        bytes += readable;
        if (bytes > limitBytes) {
            overflowed = true;
        }
        return !overflowed;
    }

    public long bytes() {
        return bytes;
    }

    public boolean overflowed() {
        return overflowed;
    }

    public int limitBytes() {
        return limitBytes;
    }
}
