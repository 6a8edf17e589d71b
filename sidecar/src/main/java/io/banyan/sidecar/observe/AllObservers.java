package io.banyan.sidecar.observe;

import java.util.ArrayList;
import java.util.List;

/**
 * Several observers of every exchange, told in order. When none of them reads a start, their observations are joined
 * once ({@link #everyExchange}), not per exchange.
 */
final class AllObservers implements ExchangeObserver {

    private final List<ExchangeObserver> each;
    /** The observations joined once, when every observer has one for every exchange; else null. */
    private final ExchangeObservation shared;

    AllObservers(List<ExchangeObserver> each) {
        this.each = List.copyOf(each);
        List<ExchangeObservation> observations = new ArrayList<>(each.size());
        for (ExchangeObserver observer : this.each) {
            ExchangeObservation observation = observer.everyExchange();
            if (observation == null) {
                observations = null;
                break;
            }
            observations.add(observation);
        }
        this.shared = observations == null ? null : joined(observations);
    }

    @Override
    public ExchangeObservation begin(ExchangeStart start) {
        if (shared != null) {
            return shared;
        }
        List<ExchangeObservation> observations = new ArrayList<>(each.size());
        for (ExchangeObserver observer : each) {
            observations.add(observer.begin(start));
        }
        return joined(observations);
    }

    @Override
    public ExchangeObservation everyExchange() {
        return shared;
    }

    private static ExchangeObservation joined(List<ExchangeObservation> observations) {
        observations.removeIf(observation -> observation == ExchangeObservation.NONE);
        return observations.isEmpty() ? ExchangeObservation.NONE
                : observations.size() == 1 ? observations.get(0) : new AllObservations(observations);
    }
}
