package io.banyan.sidecar.listener;

import io.banyan.dataplane.config.Http2Limits;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.sidecar.testing.DataPlaneExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Error;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static io.banyan.sidecar.listener.MeshConfigs.oneCluster;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow clients over HTTP/2 (h2c prior knowledge on the outbound listener): a stream whose body stalls is reset by the
 * stream idle timeout and counted, while other streams on the same connection, and the connection itself, go on.
 */
class Http2SlowClientIT {

    private static final Http2Limits LIMITS = Http2Limits.DEFAULT.withTimeouts(
            Duration.ofHours(1), Duration.ofSeconds(2), Duration.ofSeconds(30));

    @RegisterExtension
    static final DataPlaneExtension dataPlanes = new DataPlaneExtension();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private ScriptedUpstream upstream;
    private DataPlane dataPlane;
    private int port;

    @BeforeEach
    void start() throws Exception {
        upstream = new ScriptedUpstream();
        dataPlane = dataPlanes.start(registry, builder -> builder.http2Limits(LIMITS),
                oneCluster("outbound", 0, Duration.ofSeconds(30), upstream.port()));
        port = dataPlanes.outboundPort();
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void aStalledStreamIsResetWhileItsNeighboursAreServedAndTheConnectionStays() throws Exception {
        var idleResets = registry.get(MetricNames.HTTP2_ERRORS).tags("listener", "outbound", "reason", "stream_idle_timeout")
                .counter();
        try (RawH2Client client = new RawH2Client(port)) {
            client.handshake()
                    .headers(1, new DefaultHttp2Headers(false).method("POST").scheme("http").authority("orders")
                            .path("/upload"), false)
                    .data(1, new byte[] {'a', 'b'}, false) // and the rest of the body never comes
                    .headers(3, RawH2Client.get("/echo/neighbour"), true)
                    .flush();

            RawH2Client.Frame frame;
            while ((frame = client.read()) != null && !(frame.type() == RawH2Client.HEADERS && frame.streamId() == 3)) {
                assertThat(frame.type() == RawH2Client.RST_STREAM && frame.streamId() == 1).isFalse();
            }
            assertThat(frame).isNotNull();
            assertThat(client.decode(frame).status().toString()).isEqualTo("200");
            assertThat(idleResets.count()).isZero(); // the neighbour was served while the slow stream was open

            RawH2Client.Frame reset = client.readUntil(RawH2Client.RST_STREAM, 1);
            assertThat(reset).isNotNull();
            assertThat(reset.errorCode()).isEqualTo(Http2Error.CANCEL.code());
            assertThat(idleResets.count()).isEqualTo(1.0);

            client.headers(5, RawH2Client.get("/echo/after"), true).flush(); // the connection was not closed
            RawH2Client.Frame after = client.readUntil(RawH2Client.HEADERS, 5);
            assertThat(after).isNotNull();
            assertThat(client.decode(after).status().toString()).isEqualTo("200");
        }
        assertThat(upstream.seen()).extracting(ScriptedUpstream.Seen::uri).containsExactly("/echo/neighbour", "/echo/after");
    }
}
