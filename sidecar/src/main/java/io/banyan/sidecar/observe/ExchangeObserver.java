package io.banyan.sidecar.observe;

import java.util.ArrayList;
import java.util.List;

/**
 * Watches every exchange of a data plane: told at its start, it gives the {@link ExchangeObservation} that follows
 * it. Called on event loops: an implementation never blocks and bounds whatever it retains.
 */
@FunctionalInterface
public interface ExchangeObserver {

    /** Watches nothing. */
    ExchangeObserver NONE = start -> ExchangeObservation.NONE;

    ExchangeObservation begin(ExchangeStart start);

    /** All of {@code observers}, in order; {@link #NONE} for none, the observer itself for one. */
    static ExchangeObserver of(List<ExchangeObserver> observers) {
        List<ExchangeObserver> watching = observers.stream().filter(observer -> observer != NONE).toList();
        if (watching.isEmpty()) {
            return NONE;
        }
        if (watching.size() == 1) {
            return watching.get(0);
        }
        return start -> {
            List<ExchangeObservation> each = new ArrayList<>(watching.size());
            for (ExchangeObserver observer : watching) {
                ExchangeObservation observation = observer.begin(start);
                if (observation != ExchangeObservation.NONE) {
                    each.add(observation);
                }
            }
            return each.isEmpty() ? ExchangeObservation.NONE
                    : each.size() == 1 ? each.get(0) : new AllObservations(each);
        };
    }
}
