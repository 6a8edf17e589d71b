package io.banyan.api.grpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.primitives.json.JsonMappers;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Marshals a Java record as JSON inside gRPC frames, for Banyan's own small gRPC services
 * (everything that is not xDS). Unknown fields are ignored so that old peers accept new messages.
 */
public final class JsonMarshaller<T> implements MethodDescriptor.Marshaller<T> {

    private static final ObjectMapper MAPPER = JsonMappers.lenient();

    private final Class<T> type;

    private JsonMarshaller(Class<T> type) {
        this.type = type;
    }

    public static <T> JsonMarshaller<T> of(Class<T> type) {
        return new JsonMarshaller<>(type);
    }

    @Override
    public InputStream stream(T value) {
        try {
            return new ByteArrayInputStream(MAPPER.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public T parse(InputStream stream) {
        try {
            return MAPPER.readValue(stream, type);
        } catch (IOException e) {
            throw Status.INVALID_ARGUMENT
                    .withDescription("malformed " + type.getSimpleName() + " message: " + e.getMessage())
                    .asRuntimeException();
        }
    }
}
