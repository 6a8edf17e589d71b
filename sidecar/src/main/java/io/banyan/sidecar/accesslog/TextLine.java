package io.banyan.sidecar.accesslog;

import io.banyan.sidecar.observe.ExchangeRecord;

import java.util.concurrent.TimeUnit;

/**
 * The text line, space-separated: start time, method, authority, path, status, duration in ms, upstream endpoint, the
 * {@code x-banyan-error} cause and the request id; {@code -} where there is none. A value never holds a space or a
 * control character (each is written {@code \xHH}, as is a backslash), so a line splits on spaces; cut to
 * {@link LineValues#MAX_CHARS}.
 */
final class TextLine {

    private TextLine() {
    }

    static String of(ExchangeRecord record) {
        StringBuilder line = new StringBuilder(160);
        line.append(LineValues.startTime(record.start())).append(' ');
        value(line, record.method()).append(' ');
        value(line, record.authority()).append(' ');
        value(line, record.path()).append(' ');
        line.append(record.status()).append(' ');
        line.append(TimeUnit.NANOSECONDS.toMillis(record.durationNanos())).append("ms ");
        value(line, record.endpoint() == null ? null : record.endpoint().authority()).append(' ');
        value(line, record.cause() == null ? null : record.cause().token()).append(' ');
        value(line, record.requestId());
        return line.toString();
    }

    private static StringBuilder value(StringBuilder line, String value) {
        if (value == null || value.isEmpty()) {
            return line.append('-');
        }
        String cut = LineValues.cut(value);
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            if (c <= ' ' || c == 0x7f || c == '\\') {
                line.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            } else {
                line.append(c);
            }
        }
        return line;
    }
}
