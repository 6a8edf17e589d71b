package io.banyan.cli.ctl;

import io.banyan.cli.Cli;
import io.banyan.controlplane.ControlPlane;
import io.banyan.controlplane.ControlPlaneSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code banyan ctl config get|set|unset|history} against a real control plane. */
class ConfigCtlIT {

    private static final String TOKEN = "config-ctl-admin-token";

    @TempDir
    Path dataDir;

    private ControlPlane controlPlane;
    private StringWriter out;
    private StringWriter err;

    @BeforeEach
    void start() throws Exception {
        controlPlane = ControlPlane.start(ControlPlaneSettings.builder(dataDir).bindAddress("127.0.0.1").adminPort(0)
                .xdsPort(0).adminToken(TOKEN).build());
    }

    @AfterEach
    void stop() {
        controlPlane.close();
    }

    private int ctl(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return new Cli(Map.of("BANYAN_ADMIN_URL", "http://127.0.0.1:" + controlPlane.adminPort(),
                "BANYAN_ADMIN_TOKEN", TOKEN), new PrintWriter(out, true), new PrintWriter(err, true))
                .run(args);
    }

    @Test
    void setGetUnsetAndHistory() {
        assertThat(ctl("ctl", "config", "set", "orders", "greeting=hello world", "rps=10", "flags={\"a\":true}"))
                .as(err.toString()).isZero();
        assertThat(ctl("ctl", "config", "set", "orders", "--secret", "db.password=s3cr3t-pw")).as(err.toString())
                .isZero();
        assertThat(out.toString()).contains("db.password = <secret>").doesNotContain("s3cr3t");

        assertThat(ctl("ctl", "config", "get", "orders")).isZero();
        assertThat(out.toString()).contains("greeting = hello world", "rps = 10", "flags = {\"a\":true}",
                "db.password = <secret>");
        assertThat(ctl("ctl", "config", "get", "orders", "rps")).isZero();
        assertThat(out.toString().trim()).isEqualTo("10");
        assertThat(ctl("ctl", "config", "get", "orders", "-o", "json")).isZero();
        assertThat(out.toString()).contains("\"rps\" : 10").doesNotContain("s3cr3t");

        assertThat(ctl("ctl", "config", "unset", "orders", "rps", "db.password")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("greeting = hello world").doesNotContain("rps", "db.password");

        assertThat(ctl("ctl", "config", "history", "orders", "--limit", "2")).isZero();
        assertThat(out.toString()).contains("admin  update", "- values.rps", "- secrets.db.password")
                .doesNotContain("s3cr3t");
    }

    @Test
    void aStaleIfMatchExitsFourAMissingKeyOrServiceThree() {
        assertThat(ctl("ctl", "config", "set", "orders", "a=1")).isZero();
        assertThat(ctl("ctl", "config", "set", "orders", "a=2", "--if-match", "999")).isEqualTo(4);
        assertThat(err.toString()).contains("If-Match");
        assertThat(ctl("ctl", "config", "set", "orders", "a=2", "--dry-run")).isZero();
        assertThat(out.toString()).contains("dryRun");
        assertThat(ctl("ctl", "config", "get", "orders", "a")).isZero();
        assertThat(out.toString().trim()).as("a dry run stores nothing").isEqualTo("1");
        assertThat(ctl("ctl", "config", "get", "orders", "nope")).isEqualTo(3);
        assertThat(ctl("ctl", "config", "get", "nobody")).isEqualTo(3);
    }
}
