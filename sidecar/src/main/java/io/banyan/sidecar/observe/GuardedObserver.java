package io.banyan.sidecar.observe;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.primitives.time.Ticker;
import io.banyan.sidecar.core.ErrorCause;
import io.netty.handler.codec.http.HttpHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An observer whose failures stay its own: whatever it throws, at any call (begin, an attempt's start or end, the
 * exchange's end, its trace id), is caught and logged, and the exchange goes on as if it watched nothing there. The
 * first failure is logged with its stack trace; later ones at most once per {@link #LOG_INTERVAL}, with how many
 * there were, so a broken observer cannot flood the process log from every event loop. An observation the observer
 * gives every exchange ({@link ExchangeObserver#everyExchange}) is guarded once, not per exchange.
 */
public final class GuardedObserver implements ExchangeObserver {

    /** The least time between two log lines about the same observer's failures. */
    public static final Duration LOG_INTERVAL = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(GuardedObserver.class);

    private final ExchangeObserver observer;
    private final Ticker ticker;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong nextLogNanos = new AtomicLong();
    /** The guarded {@link ExchangeObserver#everyExchange} of the observer, once asked; null before. */
    private volatile Guarded every;

    private GuardedObserver(ExchangeObserver observer, Ticker ticker) {
        this.observer = observer;
        this.ticker = ticker;
    }

    /** {@code observer}, guarded (itself when it is {@link #NONE} or already guarded). */
    public static ExchangeObserver of(ExchangeObserver observer, Ticker ticker) {
        Objects.requireNonNull(observer, "observer");
        if (observer == NONE || observer instanceof GuardedObserver) {
            return observer;
        }
        return new GuardedObserver(observer, Objects.requireNonNull(ticker, "ticker"));
    }

    @Override
    public ExchangeObservation begin(ExchangeStart start) {
        try {
            return guarded(observer.begin(start));
        } catch (RuntimeException e) {
            failed("begin", e);
            return ExchangeObservation.NONE; // observes nothing of this exchange
        }
    }

    @Override
    public ExchangeObservation everyExchange() {
        try {
            Guarded known = every;
            if (known != null) {
                return known;
            }
            ExchangeObservation observation = observer.everyExchange();
            if (observation == null || observation == ExchangeObservation.NONE) {
                return observation;
            }
            known = new Guarded(observation);
            every = known;
            return known;
        } catch (RuntimeException e) {
            failed("everyExchange", e);
            return null; // each exchange begins on its own then
        }
    }

    private ExchangeObservation guarded(ExchangeObservation observation) {
        return observation == null || observation == ExchangeObservation.NONE ? ExchangeObservation.NONE
                : new Guarded(observation);
    }

    private void failed(String call, RuntimeException e) {
        long count = failures.incrementAndGet();
        long now = ticker.nanoTime();
        long next = nextLogNanos.get();
        if ((count == 1 || now - next >= 0) && nextLogNanos.compareAndSet(next, now + LOG_INTERVAL.toNanos())) {
            if (count == 1) {
                log.warn("exchange observer {} failed at {}; the exchange goes on unobserved there", name(), call, e);
            } else {
                log.warn("exchange observer {} failed at {} ({}; {} failures since start)", name(), call, e.toString(),
                        count);
            }
        }
    }

    private String name() {
        return observer.getClass().getName();
    }

    /**
     * One exchange's observation (or one given to every exchange), each call guarded. Each call has its own try: a
     * lambda per call would be an allocation per exchange.
     */
    private final class Guarded implements ExchangeObservation {

        private final ExchangeObservation observation;

        Guarded(ExchangeObservation observation) {
            this.observation = observation;
        }

        @Override
        public boolean watchesAttempts() {
            try {
                return observation.watchesAttempts();
            } catch (RuntimeException e) {
                failed("watchesAttempts", e);
                return false;
            }
        }

        @Override
        public boolean wantsRecord(AnsweredBy by, int status, ErrorCause cause) {
            try {
                return observation.wantsRecord(by, status, cause);
            } catch (RuntimeException e) {
                failed("wantsRecord", e);
                return false;
            }
        }

        @Override
        public void attemptStarted(int number, Endpoint endpoint, HttpHeaders upstreamHeaders) {
            try {
                observation.attemptStarted(number, endpoint, upstreamHeaders);
            } catch (RuntimeException e) {
                failed("attemptStarted", e);
            }
        }

        @Override
        public void attemptEnded(AttemptRecord attempt) {
            try {
                observation.attemptEnded(attempt);
            } catch (RuntimeException e) {
                failed("attemptEnded", e);
            }
        }

        @Override
        public void ended(ExchangeRecord record) {
            try {
                observation.ended(record);
            } catch (RuntimeException e) {
                failed("ended", e);
            }
        }

        @Override
        public String traceId() {
            try {
                return observation.traceId();
            } catch (RuntimeException e) {
                failed("traceId", e);
                return null;
            }
        }
    }
}
