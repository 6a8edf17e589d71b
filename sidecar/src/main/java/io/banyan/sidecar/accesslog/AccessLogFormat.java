package io.banyan.sidecar.accesslog;

import io.banyan.sidecar.observe.ExchangeRecord;

import java.util.Locale;

/** How an access log line looks: {@code json} (one object per line, Envoy's field names) or {@code text}. */
public enum AccessLogFormat {

    JSON {
        @Override
        String line(ExchangeRecord record) {
            return JsonLine.of(record);
        }
    },
    TEXT {
        @Override
        String line(ExchangeRecord record) {
            return TextLine.of(record);
        }
    };

    public static final String EXPECTED = "json or text";

    /** The line of {@code record}, without its line end; every value escaped and cut to a bound. */
    abstract String line(ExchangeRecord record);

    /** {@code json} or {@code text}, any case; anything else is an IllegalArgumentException. */
    public static AccessLogFormat of(String name) {
        String value = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "json" -> JSON;
            case "text" -> TEXT;
            default -> throw new IllegalArgumentException("access-log-format: '" + name + "' (expected: " + EXPECTED
                    + ")");
        };
    }

    /** The name as the flag takes it. */
    public String flagValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
