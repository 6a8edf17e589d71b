package io.banyan.sidecar.accesslog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.TrafficDirection;
import io.banyan.sidecar.core.ErrorCause;
import io.banyan.sidecar.observe.AttemptRecord;
import io.banyan.sidecar.observe.ExchangeRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessLogFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2026-12-07T23:01:02.345678Z");
    private static final Endpoint ENDPOINT = new Endpoint("10.0.0.7", 15006, 1, "a", true, null);

    private static ExchangeRecord record(String path, String requestId, ErrorCause cause, long upstreamNanos,
                                         List<AttemptRecord> attempts) {
        return new ExchangeRecord(START, "outbound", TrafficDirection.OUTBOUND, "POST", "orders", path, "HTTP/2",
                cause == null ? 201 : cause.status(), cause, 12_600_000, upstreamNanos, 42, 7, requestId,
                "0af7651916cd43dd8448eb211c80319c", "spiffe://mesh.local/svc/web", "orders", "orders-v2",
                attempts.isEmpty() ? null : ENDPOINT, attempts);
    }

    private static AttemptRecord attempt(int number) {
        return new AttemptRecord(number, ENDPOINT, 0, 1_000_000, 900_000, 201, null);
    }

    @Test
    void jsonHasEveryFieldUnderEnvoysNamesInOrder() throws Exception {
        String line = AccessLogFormat.JSON.line(record("/orders/1", "r-1", null, 9_400_000,
                List.of(attempt(1), attempt(2))));

        JsonNode json = JSON.readTree(line);
        assertThat(line).doesNotContain("\n");
        Iterator<String> names = json.fieldNames();
        assertThat(names).toIterable().containsExactly("start_time", "method", "authority", "path", "protocol",
                "response_code", "x_banyan_error", "duration", "upstream_service_time", "bytes_received", "bytes_sent",
                "request_id", "trace_id", "downstream_peer_uri_san", "upstream_cluster", "upstream_host",
                "upstream_request_attempt_count", "listener", "direction", "route_name", "answered_by");
        assertThat(json.get("answered_by").asText()).isEqualTo("proxy");
        assertThat(json.get("start_time").asText()).isEqualTo("2026-12-07T23:01:02.345Z");
        assertThat(json.get("method").asText()).isEqualTo("POST");
        assertThat(json.get("response_code").asInt()).isEqualTo(201);
        assertThat(json.get("x_banyan_error").isNull()).isTrue();
        assertThat(json.get("duration").asLong()).isEqualTo(12);
        assertThat(json.get("upstream_service_time").asLong()).isEqualTo(9);
        assertThat(json.get("bytes_received").asLong()).isEqualTo(42);
        assertThat(json.get("bytes_sent").asLong()).isEqualTo(7);
        assertThat(json.get("trace_id").asText()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(json.get("downstream_peer_uri_san").asText()).isEqualTo("spiffe://mesh.local/svc/web");
        assertThat(json.get("upstream_cluster").asText()).isEqualTo("orders");
        assertThat(json.get("upstream_host").asText()).isEqualTo("10.0.0.7:15006");
        assertThat(json.get("upstream_request_attempt_count").asInt()).isEqualTo(2);
        assertThat(json.get("direction").asText()).isEqualTo("outbound");
        assertThat(json.get("route_name").asText()).isEqualTo("orders-v2");
    }

    @Test
    void aFailureHasItsTokenAndNullsWhereNothingHappened() throws Exception {
        JsonNode json = JSON.readTree(AccessLogFormat.JSON.line(
                record("/x", null, ErrorCause.NO_HEALTHY_UPSTREAM, -1, List.of())));

        assertThat(json.get("x_banyan_error").asText()).isEqualTo("no_healthy_upstream");
        assertThat(json.get("response_code").asInt()).isEqualTo(503);
        assertThat(json.get("upstream_service_time").isNull()).isTrue();
        assertThat(json.get("upstream_host").isNull()).isTrue();
        assertThat(json.get("request_id").isNull()).isTrue();
        assertThat(json.get("upstream_request_attempt_count").asInt()).isZero();
    }

    @Test
    void aClientsValueIsEscapedAndCut() throws Exception {
        String injected = "r-1\"}\n{\"forged\":true";
        String longPath = "/" + "a".repeat(5000);
        String line = AccessLogFormat.JSON.line(record(longPath, injected, null, 0, List.of()));

        JsonNode json = JSON.readTree(line);
        assertThat(line.lines()).hasSize(1);
        assertThat(json.has("forged")).isFalse();
        assertThat(json.get("request_id").asText()).isEqualTo(injected);
        assertThat(json.get("path").asText()).hasSize(LineValues.MAX_CHARS + 3).endsWith("...");
    }

    @Test
    void textIsTodaysLinePlusTheRequestIdWithSpacesAndControlsEscaped() {
        String line = AccessLogFormat.TEXT.line(record("/orders/1", "r 1\n", ErrorCause.UPSTREAM_TIMEOUT, -1,
                List.of(attempt(1))));

        assertThat(line).isEqualTo("2026-12-07T23:01:02.345Z POST orders /orders/1 504 12ms 10.0.0.7:15006 "
                + "upstream_timeout r\\x201\\x0a");
        assertThat(AccessLogFormat.TEXT.line(record("/", null, null, 0, List.of())))
                .endsWith(" 201 12ms - - -");
    }

    @Test
    void aFormatIsNamedJsonOrText() {
        assertThat(AccessLogFormat.of("JSON")).isEqualTo(AccessLogFormat.JSON);
        assertThat(AccessLogFormat.of(" text ")).isEqualTo(AccessLogFormat.TEXT);
        assertThatThrownBy(() -> AccessLogFormat.of("xml"))
                .hasMessage("access-log-format: 'xml' (expected: json or text)");
    }
}
