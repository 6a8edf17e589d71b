package io.banyan.controlplane.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.banyan.controlplane.registry.InvalidFieldException;
import io.banyan.primitives.json.JsonMappers;
import io.banyan.primitives.json.JsonReadError;
import io.banyan.primitives.time.Durations;

import java.io.IOException;
import java.time.Duration;

/**
 * The JSON form of a {@link TrafficPolicy}, the same in the admin API and in the store: strict reading (unknown
 * fields, wrong types, bad values are an {@link InvalidFieldException} naming the JSON path, in the words of
 * {@link JsonReadError}) and durations as {@code 250ms}/{@code 5s}/{@code 1m}.
 */
public final class PolicyJson {

    private final ObjectMapper mapper;

    public PolicyJson() {
        mapper = JsonMappers.withDurationText(JsonMappers.strict());
    }

    public byte[] write(TrafficPolicy policy) {
        try {
            return mapper.writeValueAsBytes(policy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a traffic policy", e);
        }
    }

    /**
     * Reads a policy; absent sections and fields take their defaults.
     *
     * @throws InvalidFieldException naming the JSON path ({@code retries.numRetries}) or {@code body}
     */
    public TrafficPolicy read(byte[] json) {
        try {
            TrafficPolicy policy = mapper.readValue(json, TrafficPolicy.class);
            if (policy == null) {
                throw invalid(JsonReadError.NULL_BODY);
            }
            return policy;
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof InvalidFieldException invalid) {
                throw invalid; // a section's own check, thrown by its constructor, already names the path
            }
            throw invalid(JsonReadError.of(e, PolicyJson::expected));
        } catch (IOException e) {
            throw invalid(JsonReadError.of(e, PolicyJson::expected));
        }
    }

    private static InvalidFieldException invalid(JsonReadError error) {
        return new InvalidFieldException(error.fieldOr(JsonReadError.BODY), error.message());
    }

    /** Durations are text in the mesh's grammar here, not ISO-8601. */
    private static String expected(Class<?> target) {
        return target == Duration.class ? Durations.EXPECTED : JsonMappers.expected(target);
    }
}
