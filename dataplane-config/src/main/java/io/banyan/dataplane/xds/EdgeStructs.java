package io.banyan.dataplane.xds;

import com.github.xds.type.v3.TypedStruct;
import com.google.protobuf.Any;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;

import java.util.Set;

/** Reading Banyan's own extensions: {@code xds.type.v3.TypedStruct}s with a known type_url and known number fields. */
final class EdgeStructs {

    private final String kind;
    private final String name;

    EdgeStructs(String kind, String name) {
        this.kind = kind;
        this.name = name;
    }

    /** The struct of a TypedStruct of {@code typeUrl}, with no fields other than {@code known}. */
    Struct struct(Any any, String typeUrl, Set<String> known, String field) throws InvalidResourceException {
        TypedStruct typed = ProtoFields.unpack(any, TypedStruct.class, field, kind, name);
        if (!typeUrl.equals(typed.getTypeUrl())) {
            throw new InvalidResourceException(kind, name, field + ".type_url '" + typed.getTypeUrl()
                    + "' (expected: " + typeUrl + ")");
        }
        for (String key : typed.getValue().getFieldsMap().keySet()) {
            if (!known.contains(key)) {
                throw new InvalidResourceException(kind, name, field + ".value." + key + " is unknown (expected: "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
        return typed.getValue();
    }

    /** A whole number field in {@code min..max}, or {@code fallback} when absent. */
    long whole(Struct struct, String key, long min, long max, long fallback, String field)
            throws InvalidResourceException {
        Value value = struct.getFieldsMap().get(key);
        if (value == null) {
            return fallback;
        }
        double number = number(value, key, field);
        if (number != Math.rint(number) || number < min || number > max) {
            throw new InvalidResourceException(kind, name, field + ".value." + key + " " + number + " (expected: a whole number "
                    + min + ".." + max + ")");
        }
        return (long) number;
    }

    double number(Value value, String key, String field) throws InvalidResourceException {
        if (value.getKindCase() != Value.KindCase.NUMBER_VALUE) {
            throw new InvalidResourceException(kind, name, field + ".value." + key + " " + value.getKindCase()
                    + " (expected: a number)");
        }
        return value.getNumberValue();
    }

    String string(Struct struct, String key, String field) throws InvalidResourceException {
        Value value = struct.getFieldsMap().get(key);
        if (value == null || value.getKindCase() != Value.KindCase.STRING_VALUE) {
            throw new InvalidResourceException(kind, name, field + ".value." + key + " "
                    + (value == null ? "missing" : value.getKindCase()) + " (expected: a string)");
        }
        return value.getStringValue();
    }
}
