package io.banyan.cli.demo.strangler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.banyan.cli.Cli;

/**
 * The strangler demo, shortened: a real control plane, gateway, sidecars and apps; its checks must pass, the bad
 * release rolled back by its guard with the event printed (which needs the data planes' load reports).
 */
class StranglerDemoIT {

    @Test
    @Timeout(240)
    void stranglerDemoPassesItsOwnChecks() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = new Cli(Map.of(), new PrintWriter(out, true), new PrintWriter(err, true))
                .run("demo", "strangler", "--duration", "16s", "--clients", "4");

        assertThat(code).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("orders takes 10 % of /orders", "the monolith is deregistered",
                "a bad release of orders (orders-next: 1 answer in 5 is a 503) goes out as a guarded migration",
                " guard rolled orders-next back: guard: to error rate ", "strangler demo passed");
    }
}
