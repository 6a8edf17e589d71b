package io.banyan.sidecar.accesslog;

import io.banyan.dataplane.config.TrafficDirection;
import io.banyan.primitives.text.Cut;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** What both line formats write alike: the start time (RFC 3339, UTC, milliseconds) and the bound of a value. */
final class LineValues {

    /** A value from the request (path, authority, request id, ...) is cut to this many characters. */
    static final int MAX_CHARS = 1024;

    private static final DateTimeFormatter RFC_3339_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private LineValues() {
    }

    static String startTime(Instant start) {
        return RFC_3339_MILLIS.format(start);
    }

    static String cut(String value) {
        return Cut.toLength(value, MAX_CHARS);
    }

    static String direction(TrafficDirection direction) {
        return direction.name().toLowerCase(Locale.ROOT);
    }
}
