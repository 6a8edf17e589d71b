package io.banyan.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.banyan.cli.Cli;

/** The whole demo, shortened: a real control plane, four sidecars, three apps, a kill and a graceful stop; its checks must pass. */
class DemoIT {

    @Test
    @Timeout(120)
    void demoPassesItsOwnChecks() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = new Cli(Map.of(), new PrintWriter(out, true), new PrintWriter(err, true))
                .run("demo", "--duration", "16s", "--clients", "4");

        assertThat(code).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("killed orders-2", "stopping orders-1 gracefully", "demo passed");
    }
}
