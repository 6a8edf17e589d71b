package io.banyan.sidecar.observe;

import io.banyan.dataplane.config.TrafficDirection;
import io.banyan.sidecar.core.ErrorCause;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** A request answered before any exchange: one begin and one record, as an exchange's, bounded, never throwing. */
class EarlyAnswersTest {

    private static final Instant NOW = Instant.parse("2026-12-08T10:00:01Z");

    private final List<ExchangeStart> starts = new ArrayList<>();
    private final List<ExchangeRecord> records = new ArrayList<>();
    private final ExchangeObserver watching = start -> {
        starts.add(start);
        return new ExchangeObservation() {
            @Override
            public void ended(ExchangeRecord record) {
                records.add(record);
            }

            @Override
            public String traceId() {
                return "0af7651916cd43dd8448eb211c80319c";
            }
        };
    };

    private EarlyAnswers answers(ExchangeObserver observer) {
        return new EarlyAnswers(observer, "gateway", TrafficDirection.OUTBOUND, Clock.fixed(NOW, ZoneOffset.UTC),
                () -> 0L);
    }

    @Test
    void aRefusedHeadIsOneBeginAndOneRecordWithNoAttemptAndNoUpstream() {
        HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/orders?id=7");
        head.headers().set("host", "shop").set("x-request-id", "r-1").set("traceparent", "00-x");

        answers(watching).answered(AnsweredBy.EDGE_POLICY, head, "HTTP/1.1", 401, ErrorCause.UNAUTHENTICATED,
                1_000_000_000L);

        assertThat(starts).singleElement().satisfies(start -> {
            assertThat(start.start()).isEqualTo(Instant.parse("2026-12-08T10:00:00Z"));
            assertThat(start.headers().get("traceparent")).as("a tracer reads the head's context").isEqualTo("00-x");
        });
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.start()).isEqualTo(Instant.parse("2026-12-08T10:00:00Z"));
            assertThat(record.listener()).isEqualTo("gateway");
            assertThat(record.method()).isEqualTo("GET");
            assertThat(record.authority()).isEqualTo("shop");
            assertThat(record.path()).isEqualTo("/orders?id=7");
            assertThat(record.status()).isEqualTo(401);
            assertThat(record.cause()).isEqualTo(ErrorCause.UNAUTHENTICATED);
            assertThat(record.durationNanos()).isEqualTo(1_000_000_000L);
            assertThat(record.upstreamServiceNanos()).isEqualTo(-1);
            assertThat(record.requestId()).isEqualTo("r-1");
            assertThat(record.traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
            assertThat(record.upstreamService()).isNull();
            assertThat(record.endpoint()).isNull();
            assertThat(record.attempts()).isEmpty();
            assertThat(record.answeredBy()).isEqualTo(AnsweredBy.EDGE_POLICY);
        });
    }

    @Test
    void whatTheClientChoseIsCutToABound() {
        HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/" + "a".repeat(5000));
        head.headers().set("host", "h".repeat(5000)).set("x-request-id", "r".repeat(5000));

        answers(watching).answered(AnsweredBy.PROTOCOL_GUARD, head, "HTTP/1.1", 431, ErrorCause.HEADERS_TOO_LARGE, 0);

        ExchangeRecord record = records.get(0);
        assertThat(record.path()).hasSize(EarlyAnswers.MAX_TEXT + 3).endsWith("...");
        assertThat(record.authority()).hasSize(EarlyAnswers.MAX_TEXT + 3);
        assertThat(record.requestId()).hasSize(EarlyAnswers.MAX_TEXT + 3);
        assertThat(starts.get(0).path()).isSameAs(record.path());
    }

    @Test
    void aHeadThatNeverCameHasNoMethodPathOrProtocol() {
        answers(watching).answered(AnsweredBy.PROTOCOL_GUARD, null, null, 408, ErrorCause.REQUEST_TIMEOUT, 300);

        assertThat(starts.get(0).headers().isEmpty()).isTrue();
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.method()).isNull();
            assertThat(record.path()).isNull();
            assertThat(record.authority()).isNull();
            assertThat(record.protocol()).isNull();
            assertThat(record.requestId()).isNull();
            assertThat(record.status()).isEqualTo(408);
        });
    }

    @Test
    void anObserverThatFailsLosesTheRecordAndNothingElse() {
        ExchangeObserver failsAtBegin = start -> {
            throw new IllegalStateException("begin");
        };
        ExchangeObserver failsAtEnd = start -> record -> {
            throw new IllegalStateException("end");
        };

        assertThatNoException().isThrownBy(() -> answers(failsAtBegin).answered(AnsweredBy.PROTOCOL_GUARD, null, null,
                408, ErrorCause.REQUEST_TIMEOUT, 0));
        assertThatNoException().isThrownBy(() -> answers(failsAtEnd).answered(AnsweredBy.PROTOCOL_GUARD, null, null,
                408, ErrorCause.REQUEST_TIMEOUT, 0));
    }

    @Test
    void aRecordMadeWithoutWhoAnsweredSaysTheProxy() {
        ExchangeRecord record = new ExchangeRecord(NOW, "outbound", TrafficDirection.OUTBOUND, "GET", "a", "/",
                "HTTP/1.1", 200, null, 0, -1, 0, 0, null, null, null, null, null, null, List.of());
        assertThat(record.answeredBy()).isEqualTo(AnsweredBy.PROXY);
    }
}
