package io.banyan.sidecar.diagnose;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.dataplane.config.TrafficDirection;
import io.banyan.sidecar.core.ErrorCause;
import io.banyan.sidecar.http1.ForwardedHeaders;
import io.banyan.sidecar.observe.AttemptRecord;
import io.banyan.sidecar.observe.ExchangeObservation;
import io.banyan.sidecar.observe.ExchangeRecord;
import io.banyan.sidecar.observe.ExchangeStart;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import io.banyan.sidecar.observe.AnsweredBy;
import io.banyan.sidecar.observe.EarlyAnswers;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ring of recent failures: what it keeps, how much, and the per-service counts by cause. */
class RecentFailuresTest {

    private static final Endpoint A = new Endpoint("10.0.0.1", 8080, 1, "", false, null);
    private static final Instant T0 = Instant.parse("2026-12-07T23:00:00Z");

    private final RecentFailures failures = new RecentFailures(4);

    private void end(String requestId, String service, int status, ErrorCause cause, List<AttemptRecord> attempts) {
        ExchangeObservation observation = failures.begin(new ExchangeStart(T0, "outbound|9001",
                TrafficDirection.OUTBOUND, "GET", "orders", "/x", "HTTP/1.1", new DefaultHttpHeaders()));
        observation.ended(new ExchangeRecord(T0, "outbound|9001", TrafficDirection.OUTBOUND, "GET", "orders", "/x",
                "HTTP/1.1", status, cause, 2_000_000, 1_000_000, 0, 10, requestId, null, null, service, null,
                attempts.isEmpty() ? null : A, attempts));
    }

    @Test
    void keepsOnlyFailuresTheMeshMadeOrA5xxThatWentDown() {
        end("ok", "orders", 200, null, List.of());
        end("not-found", "orders", 404, null, List.of());
        end("upstream-503", "orders", 503, null, List.of());
        end("reset", "orders", 502, ErrorCause.UPSTREAM_RESET, List.of());
        end("cut", "orders", 200, ErrorCause.UPSTREAM_RESET, List.of()); // a response cut after its head

        assertThat(failures.newestFirst()).extracting(FailedExchange::requestId)
                .containsExactly("cut", "reset", "upstream-503");
        assertThat(failures.find("upstream-503")).hasValueSatisfying(failure ->
                assertThat(failure.cause()).isEqualTo("upstream_503"));
        assertThat(failures.find("ok")).isEmpty();
        assertThat(failures.recorded()).isEqualTo(3);
    }

    @Test
    void itReadsNoStartNoTryAsItComesAndWantsTheRecordsOfFailuresAlone() {
        ExchangeObservation every = failures.everyExchange();

        assertThat(every).isNotNull();
        assertThat(every.watchesAttempts()).isFalse();
        assertThat(every.wantsRecord(AnsweredBy.PROXY, 200, null)).isFalse();
        assertThat(every.wantsRecord(AnsweredBy.PROXY, 404, null)).isFalse();
        assertThat(every.wantsRecord(AnsweredBy.PROXY, 503, null)).isTrue();
        assertThat(every.wantsRecord(AnsweredBy.PROXY, 200, ErrorCause.UPSTREAM_RESET)).isTrue();
        assertThat(every.wantsRecord(AnsweredBy.PROXY, 0, null)).isFalse();
        assertThat(every.wantsRecord(AnsweredBy.PROTOCOL_GUARD, 400, ErrorCause.BAD_REQUEST)).isFalse();
        assertThat(every.wantsRecord(AnsweredBy.EDGE_POLICY, 401, null)).isFalse();
        assertThat(every.wantsRecord(AnsweredBy.EDGE_POLICY, 503, null)).isTrue();
    }

    @Test
    void theRingKeepsTheLastNAndTheOldestAreGone() {
        IntStream.range(0, 4 + 3).forEach(i -> end("r" + i, "orders", 503, ErrorCause.NO_HEALTHY_UPSTREAM, List.of()));

        assertThat(failures.newestFirst()).extracting(FailedExchange::requestId)
                .containsExactly("r6", "r5", "r4", "r3");
        assertThat(failures.find("r2")).isEmpty();
        assertThat(failures.find("r3")).isPresent();
        assertThat(failures.recorded()).isEqualTo(7);
        assertThat(failures.capacity()).isEqualTo(4);
    }

    @Test
    void countsEachServicesFailuresByCauseWithTheLastFewRequestIdsNewestFirst() {
        IntStream.range(0, 7).forEach(i -> end("t" + i, "orders", 504, ErrorCause.UPSTREAM_TIMEOUT, List.of()));
        end("n1", "orders", 503, ErrorCause.NO_HEALTHY_UPSTREAM, List.of());
        end("p1", "payments", 503, null, List.of());
        end("no-service", null, 404, ErrorCause.NO_ROUTE, List.of());

        List<CauseCount> orders = failures.byCause("orders");
        assertThat(orders).extracting(CauseCount::cause).containsExactly("upstream_timeout", "no_healthy_upstream");
        assertThat(orders.get(0).count()).isEqualTo(7);
        assertThat(orders.get(0).requestIds()).containsExactly("t6", "t5", "t4", "t3", "t2");
        assertThat(orders.get(0).last()).isEqualTo(T0);
        assertThat(failures.byCause("payments")).extracting(CauseCount::cause).containsExactly("upstream_503");
        assertThat(failures.byCause("inventory")).isEmpty();
    }

    @Test
    void keepsEachTryAndCutsWhatAClientChose() {
        String longId = "i".repeat(500);
        List<AttemptRecord> tries = List.of(
                new AttemptRecord(1, A, 0, 1_500_000, -1, 0, ErrorCause.CONNECT_FAILURE),
                new AttemptRecord(2, A, 2_000_000, 3_000_000, 2_500_000, 503, null));
        end(longId, "orders", 503, null, tries);

        FailedExchange kept = failures.newestFirst().get(0);
        assertThat(kept.requestId()).hasSize(ForwardedHeaders.MAX_REQUEST_ID + 3);
        assertThat(kept.attempts()).containsExactly(
                new FailedAttempt(1, "10.0.0.1:8080", 0.0, 1.5, 0, "connect_failure"),
                new FailedAttempt(2, "10.0.0.1:8080", 2.0, 3.0, 503, "upstream_503"));
        assertThat(kept.endpoint()).isEqualTo("10.0.0.1:8080");
        assertThat(kept.durationMillis()).isEqualTo(2.0);
    }

    @Test
    void aRingOfNothingIsRefused() {
        assertThatThrownBy(() -> new RecentFailures(0)).hasMessageContaining("capacity");
    }

    @Test
    void aClientsRefusalBeforeAnyExchangeIsNotKept_aGateway5xxAndTheMeshsOwnRefusalsAre() {
        EarlyAnswers answers = new EarlyAnswers(failures, "gateway", TrafficDirection.OUTBOUND, Clock.systemUTC(),
                () -> 0L);
        HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/orders");
        head.headers().set("x-request-id", "jwks");

        answers.answered(AnsweredBy.EDGE_POLICY, head, "HTTP/1.1", 401, ErrorCause.UNAUTHENTICATED, 0);
        answers.answered(AnsweredBy.EDGE_POLICY, head, "HTTP/1.1", 429, ErrorCause.RATE_LIMITED, 0);
        answers.answered(AnsweredBy.PROTOCOL_GUARD, null, null, 408, ErrorCause.REQUEST_TIMEOUT, 0);
        answers.answered(AnsweredBy.PROTOCOL_GUARD, head, "HTTP/1.1", 505, ErrorCause.HTTP_VERSION_NOT_SUPPORTED, 0);
        answers.answered(AnsweredBy.EDGE_POLICY, head, "HTTP/1.1", 503, ErrorCause.JWKS_UNAVAILABLE, 0);
        end("denied", "orders", 403, ErrorCause.UNAUTHORIZED, List.of()); // the mesh's policy, in an exchange

        assertThat(failures.newestFirst()).extracting(FailedExchange::cause)
                .containsExactly("unauthorized", "jwks_unavailable");
    }
}
