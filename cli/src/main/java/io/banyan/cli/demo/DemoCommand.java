package io.banyan.cli.demo;

import java.time.Duration;
import java.util.concurrent.Callable;

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

/** {@code banyan demo}: the whole mesh on localhost with live traffic; exits 0 when its checks pass. */
@Command(name = "demo", sortOptions = false,
        description = "Runs a whole mesh on 127.0.0.1 (free ports): control plane, 3 orders instances (orders-3 flaky), "
                + "a client sidecar and live traffic; kills orders-2 part-way, later stops orders-1 gracefully (as "
                + "SIGTERM does). Exit 0 when the demo's checks pass (each of the two costs 0 requests). "
                + "'demo strangler': a monolith behind a gateway, strangled path by path.")
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Mixin
    HelpOption help;
    @Mixin
    ConfigOption config;
    @Mixin
    LogOptions log;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "30s", converter = Converters.HumanDuration.class,
            description = "Traffic time, e.g. 30s, 2m (default: ${DEFAULT-VALUE}; at least 5s).")
    Duration duration;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "8", converter = Converters.NonNegative.class,
            description = "Concurrent keep-alive clients, one request in flight each (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--registration-ttl", paramLabel = "DURATION", defaultValue = "3s",
            converter = Converters.HumanDuration.class,
            description = "TTL of the orders registrations: how soon the killed one expires (default: ${DEFAULT-VALUE}).")
    Duration registrationTtl;

    @Option(names = "--min-success-rate", paramLabel = "RATE", defaultValue = "0.95",
            description = "Threshold of the success-rate check, the flaky app's own 503s counted apart (default: ${DEFAULT-VALUE}).")
    double minSuccessRate;

    @Option(names = "--flaky-rate", paramLabel = "RATE", defaultValue = "0.1",
            description = "Share of orders-3's requests it answers 503 (default: ${DEFAULT-VALUE}).")
    double flakyRate;

    public DemoOptions options() {
        return new DemoOptions(duration, clients, Duration.ofSeconds(2), registrationTtl, 0.3, 0.7, minSuccessRate,
                flakyRate);
    }

    @Override
    public Integer call() throws Exception {
        log.apply(Level.WARN); // quiet unless asked: the demo's own table is what a person reads
        StopSignal stop = new StopSignal();
        return CtrlC.run(stop, new Demo(options(), spec.commandLine().getOut(), stop)::run);
    }
}
