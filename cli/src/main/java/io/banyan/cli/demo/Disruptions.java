package io.banyan.cli.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The demo's disruptions as they happen, each one's window counted from a running total of mesh failures
 * ({@link TrafficStats#meshFailures()}): a disruption opens a window and closes the one before it. Thread-safe.
 */
final class Disruptions {

    private final LongSupplier meshFailures;
    private final List<Disruption> closed = new ArrayList<>();
    private String openWhat;
    private Duration openAt;
    private long openFailures;

    Disruptions(LongSupplier meshFailures) {
        this.meshFailures = meshFailures;
    }

    /** {@code what} begins now ({@code at} from the start of traffic); the window before it ends. */
    synchronized void begin(String what, Duration at) {
        end(at);
        openWhat = what;
        openAt = at;
        openFailures = meshFailures.getAsLong();
    }

    /** The traffic ended (or another disruption began) at {@code at}: the open window closes. */
    synchronized void end(Duration at) {
        if (openWhat != null) {
            closed.add(new Disruption(openWhat, openAt, at, meshFailures.getAsLong() - openFailures));
            openWhat = null;
        }
    }

    synchronized List<Disruption> windows() {
        return List.copyOf(closed);
    }
}
