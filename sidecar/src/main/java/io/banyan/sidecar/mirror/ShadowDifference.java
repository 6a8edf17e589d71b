package io.banyan.sidecar.mirror;

/**
 * One shadowed request whose answers differed: its {@code x-request-id}, method and path (no query); the live and the
 * shadow status; what differed first ({@code kind}: {@code status}, {@code header} or {@code body}) and where (the
 * header's name, the JSON pointer of the first differing value, or empty for an exact body); when, in epoch millis.
 */
public record ShadowDifference(String requestId, String method, String path, int liveStatus, int shadowStatus,
                               String kind, String where, long atEpochMillis) {
}
