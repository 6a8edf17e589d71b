package io.banyan.sidecar.appconfig;

import com.fasterxml.jackson.databind.JsonNode;
import io.banyan.dataplane.config.AppConfig;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An app configuration as {@code .env} lines, {@code KEY=value}: keys upper-cased with {@code .} and {@code -} as
 * {@code _} ({@code db.url} → {@code DB_URL}); a string as it is unless it needs quotes (then double-quoted with
 * {@code \\ " $ `} and newlines escaped); any other JSON value as its JSON text, quoted when it needs to be.
 */
public final class EnvFormat {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:@%+,=-]*");

    private EnvFormat() {
    }

    public static String of(AppConfig config) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, JsonNode> entry : config.values().entrySet()) {
            text.append(key(entry.getKey())).append('=').append(value(entry.getValue())).append('\n');
        }
        return text.toString();
    }

    /** {@code db.url} → {@code DB_URL}. */
    static String key(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    static String value(JsonNode value) {
        String text = value.isTextual() ? value.asText() : value.toString();
        if (PLAIN.matcher(text).matches()) {
            return text;
        }
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\\', '"', '$', '`' -> quoted.append('\\').append(c);
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                default -> quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
