package io.banyan.sidecar.observe;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.primitives.time.Ticker;
import io.banyan.sidecar.core.ErrorCause;
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
    void theObservationOfEveryExchangeIsGuardedOnceAndSaysWhatItWantsOrNothingWhenItFails() {
        boolean[] failing = {false};
        ExchangeObservation every = new ExchangeObservation() {
            @Override
            public boolean watchesAttempts() {
                if (failing[0]) {
                    throw new IllegalStateException("observer bug");
                }
                return true;
            }

            @Override
            public boolean wantsRecord(AnsweredBy by, int status, ErrorCause cause) {
                if (failing[0]) {
                    throw new IllegalStateException("observer bug");
                }
                return status >= 500;
            }

            @Override
            public void ended(ExchangeRecord record) {
            }
        };
        ExchangeObserver guarded = GuardedObserver.of(ExchangeObserver.ofEvery(every), ticker);

        ExchangeObservation first = guarded.everyExchange();
        assertThat(guarded.everyExchange()).isSameAs(first).isNotSameAs(every);
        assertThat(first.watchesAttempts()).isTrue();
        assertThat(first.wantsRecord(AnsweredBy.PROXY, 503, null)).isTrue();
        assertThat(first.wantsRecord(AnsweredBy.PROXY, 200, null)).isFalse();
        failing[0] = true;
        assertThat(first.watchesAttempts()).isFalse();
        assertThat(first.wantsRecord(AnsweredBy.PROXY, 503, null)).isFalse();
    }

    @Test
    void anObserverThatReadsStartsHasNoObservationOfEveryExchangeAndOneThatFailsToSayHasNoneEither() {
        assertThat(GuardedObserver.of(start -> ExchangeObservation.NONE, ticker).everyExchange()).isNull();
        ExchangeObserver failing = GuardedObserver.of(new ExchangeObserver() {
            @Override
            public ExchangeObservation begin(ExchangeStart start) {
                return ExchangeObservation.NONE;
            }

            @Override
            public ExchangeObservation everyExchange() {
                throw new IllegalStateException("observer bug");
            }
        }, ticker);

        assertThat(failing.everyExchange()).isNull();
    }

    @Test
    void noneAndAGuardedObserverAreNotWrappedAgain() {
        assertThat(GuardedObserver.of(ExchangeObserver.NONE, ticker)).isSameAs(ExchangeObserver.NONE);
        ExchangeObserver guarded = GuardedObserver.of(start -> ExchangeObservation.NONE, ticker);
        assertThat(GuardedObserver.of(guarded, ticker)).isSameAs(guarded);
    }
}
