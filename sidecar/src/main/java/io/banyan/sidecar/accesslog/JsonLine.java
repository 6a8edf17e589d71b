package io.banyan.sidecar.accesslog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.banyan.sidecar.observe.ExchangeRecord;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * One JSON object per exchange, with the names of Envoy's access log command operators where Envoy has one
 * ({@code %START_TIME%} is {@code start_time}, ...; docs/logging.md has the table). Numbers are numbers, absent
 * values {@code null}; Jackson escapes every string, and each is cut to {@link LineValues#MAX_CHARS}.
 */
final class JsonLine {

    private static final JsonFactory JSON = new JsonFactory();

    private JsonLine() {
    }

    static String of(ExchangeRecord record) {
        StringWriter out = new StringWriter(384);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("start_time", LineValues.startTime(record.start()));
            string(json, "method", record.method());
            string(json, "authority", record.authority());
            string(json, "path", record.path());
            string(json, "protocol", record.protocol());
            json.writeNumberField("response_code", record.status());
            string(json, "x_banyan_error", record.cause() == null ? null : record.cause().token());
            json.writeNumberField("duration", TimeUnit.NANOSECONDS.toMillis(record.durationNanos()));
            if (record.upstreamServiceNanos() < 0) {
                json.writeNullField("upstream_service_time");
            } else {
                json.writeNumberField("upstream_service_time",
                        TimeUnit.NANOSECONDS.toMillis(record.upstreamServiceNanos()));
            }
            json.writeNumberField("bytes_received", record.bytesReceived());
            json.writeNumberField("bytes_sent", record.bytesSent());
            string(json, "request_id", record.requestId());
            string(json, "trace_id", record.traceId());
            string(json, "downstream_peer_uri_san", record.caller());
            string(json, "upstream_cluster", record.upstreamService());
            string(json, "upstream_host", record.endpoint() == null ? null : record.endpoint().authority());
            json.writeNumberField("upstream_request_attempt_count", record.attempts().size());
            string(json, "listener", record.listener());
            string(json, "direction", record.direction() == null ? null : LineValues.direction(record.direction()));
            string(json, "route_name", record.route());
            json.writeStringField("answered_by", record.answeredBy().token());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a StringWriter does not fail", e);
        }
        return out.toString();
    }

    private static void string(JsonGenerator json, String name, String value) throws IOException {
        if (value == null) {
            json.writeNullField(name);
        } else {
            json.writeStringField(name, LineValues.cut(value));
        }
    }
}
