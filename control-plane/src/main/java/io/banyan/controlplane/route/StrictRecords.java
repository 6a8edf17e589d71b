package io.banyan.controlplane.route;

import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.banyan.controlplane.registry.InvalidFieldException;
import io.banyan.primitives.json.JsonMappers;
import io.banyan.primitives.json.JsonReadError;
import io.banyan.primitives.time.Durations;

import java.io.IOException;
import java.time.Duration;

/**
 * Reading validated records from a user's JSON with the errors of the route rules: a Jackson error in the words of
 * {@link JsonReadError}, and a record's own refusal (whose field is relative to the record) at the record's JSON path,
 * both as an {@link InvalidFieldException} naming the full path ({@code routes[2].to[1].weight},
 * {@code guard.maxErrorRate}). Durations read as text of {@link Durations}' grammar.
 */
public final class StrictRecords {

    /** One read with Jackson. */
    @FunctionalInterface
    public interface Read<T> {

        T read() throws IOException;
    }

    private StrictRecords() {
    }

    /** Runs {@code read}, turning each of its failures into an {@link InvalidFieldException} naming the JSON path. */
    public static <T> T read(Read<T> read) {
        try {
            return read.read();
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof InvalidFieldException invalid) {
                throw at(JsonMappers.path(e), invalid);
            }
            throw invalid(JsonReadError.of(e, StrictRecords::expected));
        } catch (IOException e) {
            throw invalid(JsonReadError.of(e, StrictRecords::expected));
        }
    }

    /** The error of a whole document or of a field, as an {@link InvalidFieldException}. */
    public static InvalidFieldException invalid(JsonReadError error) {
        return new InvalidFieldException(error.fieldOr(JsonReadError.BODY), error.message());
    }

    /**
     * A record's error, whose field is relative to the record, at the record's JSON path: {@code weight} thrown at
     * {@code routes[2].to[1]} is {@code routes[2].to[1].weight}. A policy section names itself ({@code
     * retries.numRetries} thrown at {@code routes[0].retries}): its name is not repeated.
     */
    public static InvalidFieldException at(String path, InvalidFieldException invalid) {
        if (path == null) {
            return invalid;
        }
        String field = invalid.field();
        String full = path + "." + field;
        // the longest end of the path the field starts with is not repeated (auth.apiKey.keys[0] at routes[0].auth.apiKey)
        for (int start = 0; start >= 0; start = path.indexOf('.', start) < 0 ? -1 : path.indexOf('.', start) + 1) {
            String end = path.substring(start);
            if (field.startsWith(end) && (field.length() == end.length() || field.charAt(end.length()) == '.'
                    || field.charAt(end.length()) == '[')) {
                full = path.substring(0, start) + field;
                break;
            }
        }
        String message = invalid.getMessage();
        String detail = message.startsWith(field + ":") ? message.substring(field.length() + 1) : " " + message;
        return new InvalidFieldException(full, full + ":" + detail);
    }

    private static String expected(Class<?> target) {
        return target == Duration.class ? Durations.EXPECTED : JsonMappers.expected(target);
    }
}
