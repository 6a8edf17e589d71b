package io.banyan.cli.demo.strangler;

/**
 * The bad release's {@code rolled-back} event, as {@code GET /v1/migrations/{name}/events} answers it.
 *
 * @param at         when (RFC 3339, UTC)
 * @param by         who rolled it back: {@value #GUARD} is what the demo expects
 * @param reason     why, with the guard's figures
 * @param toRequests the new side's requests the guard had seen reported when it judged (figure {@code toRequests};
 *                   0 when absent)
 */
public record GuardTrip(String at, String by, String reason, long toRequests) {

    public static final String GUARD = "guard";

    public boolean byGuard() {
        return GUARD.equals(by);
    }

    /** {@code 2026-12-07T07:30:01Z guard rolled orders-next back: guard: to error rate 0.19 > ... (57 requests)}. */
    public String line() {
        return at + " " + by + " rolled " + BadRelease.NAME + " back: " + reason;
    }
}
