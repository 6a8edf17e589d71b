package io.banyan.controlplane.loadstats;

import java.time.Instant;

/**
 * One shadowed request whose two answers differed: the request's id ({@code x-request-id}), method and path; the
 * live and shadow statuses; what differed first ({@code kind}: {@code status}, {@code header} or {@code body}) and
 * where ({@code where}: the header's name, the JSON pointer of the first differing value, or empty for an exact body
 * comparison); when the data plane saw it.
 */
public record ShadowSample(String requestId, String method, String path, int liveStatus, int shadowStatus,
                           String kind, String where, Instant at) {
}
