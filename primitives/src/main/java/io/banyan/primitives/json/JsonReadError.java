package io.banyan.primitives.json;

import io.banyan.primitives.text.Cut;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import java.io.IOException;
import java.util.Collection;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What was wrong with a JSON document a user sent, in the mesh's words: the one mapping of Jackson's reading errors.
 * {@code field} is the JSON path of the bad field ({@code retries.numRetries}, {@code allow[1]}), null for the document
 * as a whole; {@code message} names the field ({@code body} for the whole document), what was wrong and what was
 * expected, e.g. {@code port: 80.5 (expected: an integer)}, and quotes at most {@value #MAX_SHOWN} characters of a
 * value the client sent. Callers wrap it in their own error (a 400 problem, an invalid-field exception).
 */
public record JsonReadError(String field, String message) {

    /** The longest part of a client's value (or of Jackson's words about it) quoted back in a message. */
    public static final int MAX_SHOWN = 64;

    /** The name of the document as a whole in a message. */
    public static final String BODY = "body";

    /** An empty document. */
    public static final JsonReadError MISSING_BODY = new JsonReadError(null, "body: missing (expected: a JSON object)");

    /** A document that is JSON {@code null}. */
    public static final JsonReadError NULL_BODY = new JsonReadError(null, "body: null (expected: a JSON object)");

    public JsonReadError {
        Objects.requireNonNull(message, "message");
    }

    /** {@link #field()}, or {@code whole} for the document as a whole (e.g. {@link #BODY}). */
    public String fieldOr(String whole) {
        return field == null ? whole : field;
    }

    /** {@link #of(IOException, Function)} with {@link JsonMappers#expected(Class)} saying what a field expects. */
    public static JsonReadError of(IOException e) {
        return of(e, JsonMappers::expected);
    }

    /**
     * The error of a failed read: an unknown field (listing the known ones), a value of the wrong type or format, a
     * missing or malformed document (with its line and column), trailing data after the document.
     *
     * @param expected what a field of a type expects, for the types the caller's mapper reads its own way (e.g.
     *                 durations as text); {@link JsonMappers#expected(Class)} for the others
     */
    public static JsonReadError of(IOException e, Function<Class<?>, String> expected) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            String field = unknownField(unknown);
            return new JsonReadError(field, field + ": unknown field (expected one of: "
                    + known(unknown.getKnownPropertyIds()) + ")");
        }
        if (e instanceof MismatchedInputException mismatched) {
            return mismatched(mismatched, expected);
        }
        if (e instanceof StreamReadException malformed) {
            return new JsonReadError(null, BODY + ": malformed JSON at " + position(malformed.getLocation()) + ": "
                    + reason(malformed));
        }
        if (e instanceof JsonMappingException mapping) {
            String field = JsonMappers.path(mapping);
            return new JsonReadError(field, (field == null ? BODY : field) + ": " + reason(mapping));
        }
        return new JsonReadError(null, BODY + ": unreadable: " + clip(String.valueOf(e.getMessage()))
                + " (expected: a JSON object)");
    }

    private static JsonReadError mismatched(MismatchedInputException e, Function<Class<?>, String> expected) {
        String field = JsonMappers.path(e);
        String at = " at " + position(e.getLocation());
        if (field == null) {
            String jackson = Objects.toString(e.getOriginalMessage(), "");
            String what = jackson.startsWith("No content") ? "missing"
                    : jackson.startsWith("Trailing token") ? "trailing data" + at : "wrong type" + at;
            return new JsonReadError(null, BODY + ": " + what + " (expected: a JSON object)");
        }
        String wanted = " (expected: " + expected.apply(e.getTargetType()) + ")";
        if (e instanceof InvalidFormatException invalid) {
            return new JsonReadError(field, field + ": " + shown(invalid.getValue()) + wanted);
        }
        return new JsonReadError(field, field + ": wrong type" + at + wanted);
    }

    /** The path of an unknown field, its name included (and clipped): Jackson leaves it out of the path or not. */
    private static String unknownField(UnrecognizedPropertyException e) {
        String name = e.getPropertyName();
        String path = JsonMappers.path(e);
        var refs = e.getPath();
        if (!refs.isEmpty() && name.equals(refs.get(refs.size() - 1).getFieldName())) {
            path = path.length() == name.length() ? null : path.substring(0, path.length() - name.length() - 1);
        }
        return path == null ? clip(name) : path + "." + clip(name);
    }

    private static String known(Collection<Object> known) {
        return known == null ? "" : known.stream().map(Object::toString).sorted().collect(Collectors.joining(", "));
    }

    /** A value as the client wrote it: text quoted, numbers and booleans bare; clipped. */
    private static String shown(Object value) {
        return value instanceof String text ? "'" + clip(text) + "'" : clip(String.valueOf(value));
    }

    private static String clip(String text) {
        return Cut.toLength(text, MAX_SHOWN);
    }

    private static String position(JsonLocation location) {
        return location == null ? "unknown position"
                : "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** Jackson's words: the first line, without the echoed source, clipped (they may quote the client's text). */
    private static String reason(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message == null || message.isBlank()) {
            return "invalid";
        }
        for (String cut : new String[] {"\n", " (start marker at [Source", " at [Source"}) {
            int at = message.indexOf(cut);
            message = at < 0 ? message : message.substring(0, at);
        }
        return clip(message);
    }
}
