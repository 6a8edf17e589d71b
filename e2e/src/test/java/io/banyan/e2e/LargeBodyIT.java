package io.banyan.e2e;

import io.banyan.e2e.support.ControlPlaneExtension;
import io.banyan.e2e.support.MeshClient;
import io.banyan.e2e.support.SidecarExtension;
import io.banyan.sidecar.Sidecar;
import io.banyan.testkit.upstream.AppUpstream;
import io.banyan.testkit.upstream.SeededBytes;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 20 MB bodies cross the whole mesh path (app → sidecar → sidecar → app) byte-identical, streamed:
 * the sidecars' pooled buffers never hold more than a small fraction of the body.
 */
class LargeBodyIT {

    private static final long BODY_SIZE = 20L * 1024 * 1024;
    /**
     * Far below the body size: a sidecar that aggregated a body would pin all 20 MB of it. (Pinned bytes
     * are those held by live buffers; the allocator's arenas reserve memory in 4 MiB chunks regardless.)
     */
    private static final long MAX_BUFFERED = 2L * 1024 * 1024;

    @RegisterExtension
    final ControlPlaneExtension controlPlane = new ControlPlaneExtension();
    @RegisterExtension
    final SidecarExtension sidecars = new SidecarExtension(controlPlane);

    private final MeshClient client = new MeshClient();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong peakBuffered = new AtomicLong();
    private AppUpstream orders;
    private int port;

    @BeforeEach
    void startMesh() throws IOException {
        orders = AppUpstream.start("orders-1");
        sidecars.forApp("orders", orders.port(), Duration.ofSeconds(10));
        Sidecar web = sidecars.client("web", "orders");
        port = web.upstreamPort("orders");
        await().atMost(Duration.ofSeconds(15)).until(() -> MeshClient.endpointCount(web, "orders") == 1);
        sampler.scheduleAtFixedRate(this::sampleBuffers, 0, 2, TimeUnit.MILLISECONDS);
    }

    @AfterEach
    void stop() {
        sampler.shutdownNow();
        orders.close();
    }

    @Test
    void twentyMegabyteUploadArrivesByteIdentical() throws IOException {
        HttpRequest upload = HttpRequest.newBuilder(MeshClient.uri(port, "/sha256"))
                .POST(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> SeededBytes.stream(BODY_SIZE)), BODY_SIZE))
                .build();

        HttpResponse<String> response = client.send(upload, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(SeededBytes.sha256(BODY_SIZE));
        assertThat(peakBuffered.get()).as("peak pooled bytes in use while streaming").isLessThan(MAX_BUFFERED);
    }

    @Test
    void twentyMegabyteDownloadArrivesByteIdentical() throws IOException {
        HttpRequest download = HttpRequest.newBuilder(MeshClient.uri(port, "/bytes/" + BODY_SIZE)).GET().build();

        HttpResponse<InputStream> response = client.send(download, HttpResponse.BodyHandlers.ofInputStream());

        assertThat(response.statusCode()).isEqualTo(200);
        try (InputStream body = response.body()) {
            assertThat(sha256(body)).isEqualTo(SeededBytes.sha256(BODY_SIZE));
        }
        assertThat(peakBuffered.get()).as("peak pooled bytes in use while streaming").isLessThan(MAX_BUFFERED);
    }

    private void sampleBuffers() {
        peakBuffered.accumulateAndGet(PooledByteBufAllocator.DEFAULT.pinnedDirectMemory() + PooledByteBufAllocator.DEFAULT.pinnedHeapMemory(), Math::max);
    }

    private static String sha256(InputStream in) throws IOException {
        java.security.MessageDigest digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
        }
        return java.util.HexFormat.of().formatHex(digest.digest());
    }
}
