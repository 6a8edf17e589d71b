package io.banyan.sidecar.mirror.compare;

/**
 * What differed first between two answers: the {@code kind} ({@link #STATUS}, {@link #HEADER} or {@link #BODY}) and
 * where: the header's name, the JSON pointer (RFC 6901) of the first differing value in document order, or
 * {@code ""} (the status, an exact body, a whole JSON document).
 */
public record Difference(String kind, String where) {

    public static final String STATUS = "status";
    public static final String HEADER = "header";
    public static final String BODY = "body";
}
