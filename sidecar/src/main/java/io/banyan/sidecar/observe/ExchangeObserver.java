package io.banyan.sidecar.observe;

import java.util.List;
import java.util.Objects;

/**
 * Watches every exchange of a data plane: told at its start, it gives the {@link ExchangeObservation} that follows
 * it. Called on event loops: an implementation never blocks and bounds whatever it retains.
 */
@FunctionalInterface
public interface ExchangeObserver {

    /** Watches nothing. */
    ExchangeObserver NONE = (Startless) () -> ExchangeObservation.NONE;

    ExchangeObservation begin(ExchangeStart start);

    /**
     * The one observation this observer gives every exchange, reading nothing of its start; null (the default) when
     * it reads each start. When it has one, the proxy takes it instead of calling {@link #begin}, and builds no
     * {@link ExchangeStart}. The same on every call.
     */
    default ExchangeObservation everyExchange() {
        return null;
    }

    /** An observer that gives {@code observation} to every exchange and reads no start. */
    static ExchangeObserver ofEvery(ExchangeObservation observation) {
        Objects.requireNonNull(observation, "observation");
        return (Startless) () -> observation;
    }

    /** An observer that reads no exchange's start: it names the one observation it gives every exchange. */
    @FunctionalInterface
    interface Startless extends ExchangeObserver {

        /** The observation of every exchange; never null. */
        @Override
        ExchangeObservation everyExchange();

        @Override
        default ExchangeObservation begin(ExchangeStart start) {
            return everyExchange();
        }
    }

    /** All of {@code observers}, in order; {@link #NONE} for none, the observer itself for one. */
    static ExchangeObserver of(List<ExchangeObserver> observers) {
        List<ExchangeObserver> watching = observers.stream().filter(observer -> observer != NONE).toList();
        if (watching.isEmpty()) {
            return NONE;
        }
        if (watching.size() == 1) {
            return watching.get(0);
        }
        return new AllObservers(watching);
    }
}
