package io.banyan.controlplane.registry;

import io.banyan.primitives.name.ServiceName;

import java.util.Objects;

/** Bad input: the message names the field, the value and what was expected, e.g. {@code port: 70000 (expected: 1..65535)}. */
public final class InvalidFieldException extends IllegalArgumentException {

    private final String field;

    public InvalidFieldException(String field, String message) {
        super(message);
        this.field = Objects.requireNonNull(field, "field");
    }

    /** The bad field's name as the caller wrote it ({@code port}, {@code metadata}, ...). */
    public String field() {
        return field;
    }

    /** Returns {@code name} if it is a service name ({@link ServiceName}), else throws naming {@code field}. */
    public static String serviceName(String field, String name) {
        if (!ServiceName.isValid(name)) {
            throw new InvalidFieldException(field, ServiceName.problem(name, field));
        }
        return name;
    }
}
