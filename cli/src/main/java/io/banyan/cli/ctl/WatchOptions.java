package io.banyan.cli.ctl;

import io.banyan.cli.options.Converters;
import picocli.CommandLine.Option;

import java.time.Duration;

/** The options of a {@code watch} command: how often it refreshes and after how many refreshes it stops. */
final class WatchOptions {

    /** Refreshing faster only loads the admin API. */
    static final Duration MIN_INTERVAL = Duration.ofMillis(100);

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "2s", converter = Converters.HumanDuration.class,
            description = "Time between refreshes, at least 100ms (default: ${DEFAULT-VALUE}).")
    Duration interval;
    @Option(names = "--count", paramLabel = "N", converter = Converters.Positive.class,
            description = "Stop after N refreshes (exit 0) even if what is watched goes on.")
    Integer count;

    /** The interval, checked (a bad one is exit 2). */
    Duration interval() {
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException("interval: '" + interval.toMillis() + "ms' (expected: at least 100ms)");
        }
        return interval;
    }

    /** The refreshes to show, 0 for no limit. */
    int count() {
        return count == null ? 0 : count;
    }
}
