package io.banyan.primitives.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import io.banyan.primitives.time.Durations;

import java.io.IOException;
import java.time.Duration;

/** {@link Duration}s in JSON as strings of {@link Durations}' grammar; anything else is a mapping error. */
final class DurationText {

    private DurationText() {
    }

    static final class Deserializer extends StdScalarDeserializer<Duration> {

        Deserializer() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (Duration) ctxt.handleUnexpectedToken(Duration.class, p);
            }
            String text = p.getText();
            Duration duration = Durations.parseOrNull(text);
            if (duration == null) {
                return (Duration) ctxt.handleWeirdStringValue(Duration.class, text, Durations.EXPECTED);
            }
            return duration;
        }
    }

    static final class Serializer extends StdScalarSerializer<Duration> {

        Serializer() {
            super(Duration.class);
        }

        @Override
        public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(Durations.format(value));
        }
    }
}
