package io.banyan.dataplane.xds;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.banyan.api.xds.ResourceNames;
import io.banyan.dataplane.config.ShadowCompare;
import io.envoyproxy.envoy.config.core.v3.Metadata;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A route's shadow comparison, {@code metadata.filter_metadata["io.banyan.shadow"]}, to a {@link ShadowCompare}, and
 * back: {@code {"migration": "orders-move", "compare": {"status": true, "headers": ["content-type"], "body": "json",
 * "ignore": ["$.timestamp"], "maxBodyBytes": 65536}}}. Absent compare fields take {@link ShadowCompare#DEFAULT}'s
 * values; an unknown field, a value of the wrong type or out of range is refused naming it. The compare applies to
 * every mirror policy of the route. The control plane writes it with {@link #struct} and checks what it publishes with
 * the same reading.
 */
public final class ShadowCompareTranslator {

    static final String MIGRATION = "migration";
    static final String COMPARE = "compare";
    private static final Set<String> TOP = Set.of(MIGRATION, COMPARE);
    private static final Set<String> FIELDS = Set.of("status", "headers", "body", "ignore", "maxBodyBytes");

    private ShadowCompareTranslator() {
    }

    /** The comparison a route's {@code metadata} asks for; null when it has no {@code io.banyan.shadow} entry. */
    static ShadowCompare of(String name, String where, Metadata metadata) throws InvalidResourceException {
        Struct shadow = metadata.getFilterMetadataMap().get(ResourceNames.SHADOW_METADATA);
        if (shadow == null) {
            return null;
        }
        try {
            return translate(shadow);
        } catch (IllegalArgumentException e) {
            throw new InvalidResourceException(RouteConfigTranslator.KIND, name, where + " metadata.filter_metadata['"
                    + ResourceNames.SHADOW_METADATA + "'] " + e.getMessage());
        }
    }

    /**
     * Reads the {@code io.banyan.shadow} struct; an {@link IllegalArgumentException} names the field and what was
     * expected ({@code compare.body: 'xml' (expected: exact, json or none)}).
     */
    public static ShadowCompare translate(Struct shadow) {
        Map<String, Value> top = shadow.getFieldsMap();
        known(top, TOP, "");
        Value migration = top.get(MIGRATION);
        if (migration != null && migration.getKindCase() != Value.KindCase.STRING_VALUE) {
            throw wrong(MIGRATION, migration, "a string");
        }
        Value compare = top.get(COMPARE);
        if (compare == null) {
            return ShadowCompare.DEFAULT;
        }
        if (compare.getKindCase() != Value.KindCase.STRUCT_VALUE) {
            throw wrong(COMPARE, compare, "an object");
        }
        Map<String, Value> fields = compare.getStructValue().getFieldsMap();
        known(fields, FIELDS, COMPARE + ".");
        ShadowCompare fallback = ShadowCompare.DEFAULT;
        boolean status = fields.containsKey("status") ? bool(fields.get("status"), "compare.status") : fallback.status();
        List<String> headers = strings(fields.get("headers"), "compare.headers");
        String body = fields.containsKey("body") ? string(fields.get("body"), "compare.body") : fallback.body().token();
        List<String> ignore = strings(fields.get("ignore"), "compare.ignore");
        int maxBodyBytes = fallback.maxBodyBytes();
        if (fields.containsKey("maxBodyBytes")) {
            Value value = fields.get("maxBodyBytes");
            double number = value.getNumberValue();
            if (value.getKindCase() != Value.KindCase.NUMBER_VALUE || number != Math.rint(number)
                    || Math.abs(number) > Integer.MAX_VALUE) {
                throw wrong("compare.maxBodyBytes", value, "a whole number 1.." + ShadowCompare.MAX_BODY_BYTES);
            }
            maxBodyBytes = (int) number;
        }
        return ShadowCompare.of(status, headers, body, ignore, maxBodyBytes);
    }

    /** The {@code io.banyan.shadow} struct of migration {@code migration} comparing as {@code compare}. */
    public static Struct struct(String migration, ShadowCompare compare) {
        ListValue.Builder headers = ListValue.newBuilder();
        compare.headers().forEach(header -> headers.addValues(Value.newBuilder().setStringValue(header)));
        ListValue.Builder ignore = ListValue.newBuilder();
        compare.ignore().forEach(pattern -> ignore.addValues(Value.newBuilder().setStringValue(pattern.toString())));
        Struct fields = Struct.newBuilder()
                .putFields("status", Value.newBuilder().setBoolValue(compare.status()).build())
                .putFields("headers", Value.newBuilder().setListValue(headers).build())
                .putFields("body", Value.newBuilder().setStringValue(compare.body().token()).build())
                .putFields("ignore", Value.newBuilder().setListValue(ignore).build())
                .putFields("maxBodyBytes", Value.newBuilder().setNumberValue(compare.maxBodyBytes()).build())
                .build();
        return Struct.newBuilder()
                .putFields(MIGRATION, Value.newBuilder().setStringValue(migration).build())
                .putFields(COMPARE, Value.newBuilder().setStructValue(fields).build())
                .build();
    }

    private static void known(Map<String, Value> fields, Set<String> known, String prefix) {
        for (String key : fields.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException(prefix + key + " is unknown (expected: "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    private static boolean bool(Value value, String field) {
        if (value.getKindCase() != Value.KindCase.BOOL_VALUE) {
            throw wrong(field, value, "true or false");
        }
        return value.getBoolValue();
    }

    private static String string(Value value, String field) {
        if (value.getKindCase() != Value.KindCase.STRING_VALUE) {
            throw wrong(field, value, "a string");
        }
        return value.getStringValue();
    }

    private static List<String> strings(Value value, String field) {
        if (value == null) {
            return List.of();
        }
        if (value.getKindCase() != Value.KindCase.LIST_VALUE) {
            throw wrong(field, value, "a list of strings");
        }
        List<Value> values = value.getListValue().getValuesList();
        List<String> strings = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            strings.add(string(values.get(i), field + "[" + i + "]"));
        }
        return strings;
    }

    private static IllegalArgumentException wrong(String field, Value value, String expected) {
        return new IllegalArgumentException(field + ": " + value.getKindCase() + " (expected: " + expected + ")");
    }
}
