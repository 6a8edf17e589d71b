package io.banyan.e2e;

import io.banyan.e2e.support.CommandLine;
import io.banyan.e2e.support.ControlPlaneExtension;
import io.banyan.e2e.support.MeshClient;
import io.banyan.e2e.support.SidecarExtension;
import io.banyan.sidecar.Sidecar;
import io.banyan.testkit.upstream.AppUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Real HTTP/2 clients against a sidecar: curl with {@code --http2-prior-knowledge} and nghttp2's h2load speak h2c to
 * the client sidecar's upstream port; the request crosses the mesh (mutual TLS) to an HTTP/1.1 app. {@code .ci/run}
 * installs both tools; without h2load on the PATH its case is skipped with a reason.
 */
class Http2ConformanceIT {

    private static final Pattern H2LOAD_SUMMARY = Pattern.compile(
            "requests: (\\d+) total, (\\d+) started, (\\d+) done, (\\d+) succeeded, (\\d+) failed, (\\d+) errored");

    @RegisterExtension
    final ControlPlaneExtension controlPlane = new ControlPlaneExtension();
    @RegisterExtension
    final SidecarExtension sidecars = new SidecarExtension(controlPlane);

    private AppUpstream app;
    private String base;

    @BeforeEach
    void mesh() throws Exception {
        app = AppUpstream.start("orders-1");
        sidecars.forApp("orders", app.port(), Duration.ofSeconds(10));
        Sidecar web = sidecars.client("web", "orders");
        await().atMost(Duration.ofSeconds(20)).until(() -> MeshClient.endpointCount(web, "orders") == 1);
        base = "http://127.0.0.1:" + web.upstreamPort("orders");
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void curlSpeaksHttp2WithPriorKnowledge() throws Exception {
        CommandLine.Result result = CommandLine.run(30, "curl", "-sS", "--http2-prior-knowledge",
                "-w", "\n%{http_version} %{http_code}", base + "/orders");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).isEqualTo("orders-1\n2 200");
    }

    @Test
    void curlUploadsAndDownloadsLargeBodiesOverHttp2(@TempDir Path dir) throws Exception {
        byte[] payload = new byte[3 * 1024 * 1024];
        new Random(5).nextBytes(payload);
        Path file = Files.write(dir.resolve("payload.bin"), payload);

        CommandLine.Result upload = CommandLine.run(60, "curl", "-sS", "--http2-prior-knowledge",
                "--data-binary", "@" + file, base + "/sha256");
        CommandLine.Result download = CommandLine.run(60, "curl", "-sS", "--http2-prior-knowledge",
                "-o", dir.resolve("download.bin").toString(), "-w", "%{http_code} %{size_download}",
                base + "/bytes/5000000");

        assertThat(upload.output()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload)));
        assertThat(download.output()).isEqualTo("200 5000000");
    }

    @Test
    void h2loadMultiplexesThousandsOfRequestsWithoutAFailure() throws Exception {
        assumeThat(CommandLine.available("h2load")).as("h2load (Debian: nghttp2-client) on the PATH").isTrue();

        CommandLine.Result result = CommandLine.run(120, "h2load", "-n", "2000", "-c", "4", "-m", "16", base + "/orders");

        Matcher summary = H2LOAD_SUMMARY.matcher(result.output());
        assertThat(summary.find()).as(result.output()).isTrue();
        assertThat(summary.group(4)).as(result.output()).isEqualTo("2000");
        assertThat(summary.group(5)).isEqualTo("0");
        assertThat(summary.group(6)).isEqualTo("0");
        assertThat(app.requests()).isEqualTo(2000);
    }
}
