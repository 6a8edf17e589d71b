package io.banyan.cli.demo.strangler;

import io.banyan.cli.demo.CtrlC;
import io.banyan.cli.demo.StopSignal;
import ch.qos.logback.classic.Level;
import io.banyan.cli.log.LogOptions;
import io.banyan.cli.options.ConfigOption;
import io.banyan.cli.options.Converters;
import io.banyan.cli.options.HelpOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code banyan demo strangler}: the Strangler Fig migration with live traffic; exits 0 when its checks pass. */
@Command(name = "strangler", sortOptions = false,
        description = "On 127.0.0.1 (free ports): a monolith serving /users /orders /payments behind a gateway; "
                + "orders, users, then payments take their path at 10 %%, then all of it; once orders has all of "
                + "/orders, a bad release of it (orders-next: 1 answer in 5 is a 503) goes out as a guarded migration "
                + "that its guard rolls back; then the monolith is deregistered. Prints per step who served which "
                + "path, and the guard's rollback; exit 0 when no request failed but the bad release's, every step "
                + "was served as routed, and the guard rolled the bad release back in time.")
public final class StranglerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Mixin
    HelpOption help;
    @Mixin
    ConfigOption config;
    @Mixin
    LogOptions log;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "60s", converter = Converters.HumanDuration.class,
            description = "Traffic time, shared by the 8 steps (default: ${DEFAULT-VALUE}; at least 8s); the bad "
                    + "release lasts until its guard rolls it back, besides.")
    Duration duration;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "6", converter = Converters.NonNegative.class,
            description = "Concurrent keep-alive clients of the gateway, one request in flight each (default: ${DEFAULT-VALUE}).")
    int clients;

    @Override
    public Integer call() throws Exception {
        log.apply(Level.WARN); // quiet unless asked: the demo's own table is what a person reads
        StopSignal stop = new StopSignal();
        return CtrlC.run(stop, new StranglerDemo(new StranglerOptions(duration, clients), spec.commandLine().getOut(),
                stop)::run);
    }
}
