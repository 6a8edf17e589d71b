package io.banyan.sidecar.observe;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.primitives.time.Ticker;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Whatever a guarded observer throws stays inside it. */
class GuardedObserverTest {

    private final Ticker ticker = () -> 0;

    @Test
    void anObserverThatFailsToBeginObservesNothingOfTheExchange() {
        ExchangeObserver guarded = GuardedObserver.of(start -> {
            throw new IllegalStateException("observer bug");
        }, ticker);

        assertThat(guarded.begin(null)).isSameAs(ExchangeObservation.NONE);
    }

    @Test
    void everyCallOfAFailingObservationIsCaughtAndTheNextStillReachesIt() {
        List<String> told = new ArrayList<>();
        ExchangeObservation failing = new ExchangeObservation() {
            @Override
            public void attemptStarted(int number, Endpoint endpoint, HttpHeaders upstreamHeaders) {
                told.add("started");
                throw new IllegalStateException("observer bug");
            }

            @Override
            public void attemptEnded(AttemptRecord attempt) {
                told.add("attempt ended");
                throw new IllegalStateException("observer bug");
            }

            @Override
            public void ended(ExchangeRecord record) {
                told.add("ended");
                throw new IllegalStateException("observer bug");
            }

            @Override
            public String traceId() {
                told.add("trace id");
                throw new IllegalStateException("observer bug");
            }
        };
        ExchangeObservation guarded = GuardedObserver.of(start -> failing, ticker).begin(null);

        assertThatCode(() -> {
            guarded.attemptStarted(1, null, null);
            guarded.attemptEnded(null);
            assertThat(guarded.traceId()).isNull();
            guarded.ended(null);
        }).doesNotThrowAnyException();
        assertThat(told).containsExactly("started", "attempt ended", "trace id", "ended");
    }

    @Test
    void noneAndAGuardedObserverAreNotWrappedAgain() {
        assertThat(GuardedObserver.of(ExchangeObserver.NONE, ticker)).isSameAs(ExchangeObserver.NONE);
        ExchangeObserver guarded = GuardedObserver.of(start -> ExchangeObservation.NONE, ticker);
        assertThat(GuardedObserver.of(guarded, ticker)).isSameAs(guarded);
    }
}
