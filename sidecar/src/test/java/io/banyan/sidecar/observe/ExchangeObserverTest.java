package io.banyan.sidecar.observe;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.sidecar.core.ErrorCause;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Several observers as one: each told what it wants, joined once when none reads a start. */
class ExchangeObserverTest {

    private final List<String> told = new ArrayList<>();

    /** Watches tries or not, and wants the records of statuses from {@code least} up. */
    private ExchangeObservation observation(String name, boolean tries, int least) {
        return new ExchangeObservation() {
            @Override
            public boolean watchesAttempts() {
                return tries;
            }

            @Override
            public boolean wantsRecord(AnsweredBy by, int status, ErrorCause cause) {
                return status >= least;
            }

            @Override
            public void attemptStarted(int number, Endpoint endpoint, HttpHeaders upstreamHeaders) {
                told.add(name + " started " + number);
            }

            @Override
            public void ended(ExchangeRecord record) {
                told.add(name + " ended " + record.status());
            }
        };
    }

    private static ExchangeRecord record(int status) {
        return new ExchangeRecord(null, "outbound", null, "GET", null, "/", "HTTP/1.1", status, null, 0, -1, 0, 0,
                null, null, null, null, null, null, List.of());
    }

    @Test
    void observersThatReadNoStartAreJoinedOnceAndEachIsToldOnlyWhatItWants() {
        ExchangeObserver all = ExchangeObserver.of(List.of(ExchangeObserver.ofEvery(observation("log", true, 0)),
                ExchangeObserver.NONE, ExchangeObserver.ofEvery(observation("failures", false, 500))));

        ExchangeObservation joined = all.everyExchange();
        assertThat(all.everyExchange()).isSameAs(joined);
        assertThat(all.begin(null)).isSameAs(joined);
        assertThat(joined.watchesAttempts()).isTrue();
        assertThat(joined.wantsRecord(AnsweredBy.PROXY, 200, null)).isTrue();
        joined.attemptStarted(1, null, null);
        joined.ended(record(200));
        joined.ended(record(503));

        assertThat(told).containsExactly("log started 1", "log ended 200", "log ended 503", "failures ended 503");
    }

    @Test
    void oneObserverThatReadsStartsMakesEveryExchangeBeginAndNoneWantingAnythingWantsNoRecord() {
        ExchangeObserver all = ExchangeObserver.of(List.of(ExchangeObserver.ofEvery(observation("failures", false, 500)),
                start -> observation("traces", false, 600)));

        assertThat(all.everyExchange()).isNull();
        ExchangeObservation begun = all.begin(null);
        assertThat(begun.watchesAttempts()).isFalse();
        assertThat(begun.wantsRecord(AnsweredBy.PROXY, 200, null)).isFalse();
        assertThat(begun.wantsRecord(AnsweredBy.PROXY, 503, null)).isTrue();
        assertThat(ExchangeObserver.NONE.everyExchange()).isSameAs(ExchangeObservation.NONE);
        assertThat(ExchangeObservation.NONE.wantsRecord(AnsweredBy.PROXY, 503, ErrorCause.UPSTREAM_RESET)).isFalse();
    }
}
