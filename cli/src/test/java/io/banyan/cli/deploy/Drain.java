package io.banyan.cli.deploy;

import io.banyan.primitives.time.Durations;

import java.time.Duration;
import java.util.function.Function;

/**
 * How long a sidecar or gateway may take to stop after SIGTERM: its drain delay (the time callers get to learn of its
 * removal) plus its drain timeout (the bound on in-flight requests), each from the process's environment or the
 * CLI's default.
 */
record Drain(Duration delay, Duration timeout) {

    /**
     * The drain delay's default where the CLI has no {@code --drain-delay} yet (it is specified as 5 s, issue #16
     * part L); once the option exists its own default is used.
     */
    static final Duration SPECIFIED_DELAY = Duration.ofSeconds(5);

    /** The drain of a {@code command} process whose {@code BANYAN_*} variables {@code env} gives (null: unset). */
    static Drain of(String command, Function<String, String> env) {
        String delay = env.apply("BANYAN_DRAIN_DELAY");
        Duration drainDelay = delay != null ? Durations.parse(delay)
                : CliOptions.defaultValue(command, "--drain-delay").map(Durations::parse).orElse(SPECIFIED_DELAY);
        Duration drainTimeout = Durations.parse(CliOptions.valueOr(env.apply("BANYAN_DRAIN_TIMEOUT"), command,
                "--drain-timeout"));
        return new Drain(drainDelay, drainTimeout);
    }

    Duration total() {
        return delay.plus(timeout);
    }
}
