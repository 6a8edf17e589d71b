package io.banyan.controlplane.revision;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code If-Match} precondition of a write: absent (the write goes through), {@code *} (the object must exist),
 * or a list of strong ETags {@code "42", "43"} (the object's current ETag must be one of them; {@code "0"}: it must
 * not exist). At most {@link #MAX_TAGS} tags.
 */
public record IfMatch(boolean any, List<Long> revisions) {

    public static final int MAX_TAGS = 16;
    public static final IfMatch NONE = new IfMatch(false, List.of());
    public static final String HEADER = "If-Match";

    public IfMatch {
        revisions = List.copyOf(revisions);
    }

    /** The header's value parsed (null or absent: {@link #NONE}); 400 naming the header when malformed. */
    public static IfMatch parse(String header) {
        if (header == null) {
            return NONE;
        }
        String value = header.trim();
        if (value.equals("*")) {
            return new IfMatch(true, List.of());
        }
        List<Long> revisions = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            String tag = part.trim();
            Optional<Long> revision = revision(tag);
            if (revision.isEmpty() || revisions.size() == MAX_TAGS) {
                throw new MalformedIfMatchException(HEADER + ": " + cut(header) + " (expected: * or up to "
                        + MAX_TAGS + " strong ETags such as \"42\", separated by commas)");
            }
            revisions.add(revision.get());
        }
        return new IfMatch(false, revisions);
    }

    /** The ETag of {@code revision}: {@code "42"}. */
    public static String etag(long revision) {
        return "\"" + revision + "\"";
    }

    /** Whether a write may go on when the object's ETag is {@code current} (0: the object does not exist). */
    public boolean allows(long current) {
        if (this == NONE || (!any && revisions.isEmpty())) {
            return true;
        }
        return any ? current != 0 : revisions.contains(current);
    }

    /** The header as it was given, for messages. */
    public String text() {
        return any ? "*" : String.join(", ", revisions.stream().map(IfMatch::etag).toList());
    }

    private static Optional<Long> revision(String tag) {
        if (tag.length() < 3 || tag.length() > 20 || tag.charAt(0) != '"' || tag.charAt(tag.length() - 1) != '"') {
            return Optional.empty();
        }
        String digits = tag.substring(1, tag.length() - 1);
        if (!digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(digits));
    }

    private static String cut(String header) {
        return header.length() <= 64 ? header : header.substring(0, 64) + "...";
    }
}
