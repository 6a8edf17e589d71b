package io.banyan.sidecar.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.banyan.primitives.json.JsonMappers;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** JSON for the admin endpoints: records as objects, durations and instants as ISO-8601 strings, sorted maps, indented. */
public final class AdminJson {

    private final ObjectMapper mapper;

    public AdminJson() {
        SimpleModule readable = new SimpleModule("banyan-admin")
                .addSerializer(Duration.class, ToStringSerializer.instance)
                .addSerializer(Instant.class, ToStringSerializer.instance)
                .addSerializer(Path.class, ToStringSerializer.instance);
        this.mapper = JsonMappers.lenient()
                .registerModule(readable)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    public byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
