package io.banyan.sidecar.listener;

import io.banyan.dataplane.config.Http2Limits;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.sidecar.testing.DataPlaneExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.codec.http2.Http2Error;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static io.banyan.sidecar.listener.MeshConfigs.oneCluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * HTTP/2 abuse from a raw frame client against a real outbound listener: each attack ends in the right frame
 * (GOAWAY or RST_STREAM with its code, or a 431), the app sees nothing (or at most what the limit allows), the
 * reason's counter goes up, and the listener still serves the next connection.
 */
class Http2FloodIT {

    private static final int RST_LIMIT = 50;
    private static final Http2Limits LIMITS = new Http2Limits(100, 1024 * 1024, 4 * 1024 * 1024, 16_384, 60 * 1024, 100,
            RST_LIMIT, Duration.ofSeconds(30), 100, 1, 16, Duration.ofHours(1), Duration.ofMinutes(5),
            Duration.ofSeconds(30)); // the defaults, but fewer resets and queued control frames: quicker floods

    @RegisterExtension
    static final DataPlaneExtension dataPlanes = new DataPlaneExtension();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private H2Upstream upstream;
    private DataPlane dataPlane;
    private int port;

    @BeforeEach
    void start() throws Exception {
        upstream = new H2Upstream();
        dataPlane = dataPlanes.start(registry, builder -> builder.http2Limits(LIMITS),
                oneCluster("outbound", 0, Duration.ofSeconds(5), upstream.port()));
        port = dataPlanes.outboundPort();
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    @Test
    void rapidResetEndsInEnhanceYourCalm() throws Exception {
        try (RawH2Client client = new RawH2Client(port)) {
            client.handshake();
            for (int i = 0; i < RST_LIMIT * 3; i++) {
                int stream = 1 + 2 * i;
                client.headers(stream, RawH2Client.get("/reset"), true).rst(stream, Http2Error.CANCEL.code());
            }
            client.flush();

            RawH2Client.Frame goAway = client.readUntil(RawH2Client.GOAWAY, 0);
            assertThat(goAway).isNotNull();
            assertThat(goAway.errorCode()).as(new String(goAway.payload(), StandardCharsets.ISO_8859_1)).isEqualTo(Http2Error.ENHANCE_YOUR_CALM.code());
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> errors("rapid_reset") == 1);
        assertThat(upstream.requests()).isLessThanOrEqualTo(RST_LIMIT);
        assertStillServes();
    }

    @Test
    void continuationFloodClosesTheConnectionWithinTheHeaderLimit() throws Exception {
        long sent = 0;
        try (RawH2Client client = new RawH2Client(port)) {
            client.handshake();
            byte[] block = new byte[16_384];
            client.frame(RawH2Client.HEADERS, 0, 1, block);
            sent += block.length;
            RawH2Client.Frame goAway = null;
            try {
                for (int i = 0; i < 64; i++) { // 1 MiB of header block if nothing stopped it
                    client.frame(RawH2Client.CONTINUATION, 0, 1, block).flush();
                    sent += block.length;
                }
            } catch (IOException closed) {
                // the sidecar closed the connection: expected
            }
            goAway = client.readUntil(RawH2Client.GOAWAY, 0);
            assertThat(goAway).isNotNull();
            assertThat(goAway.errorCode()).as(new String(goAway.payload(), StandardCharsets.ISO_8859_1)).isNotZero();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> errors("continuation_flood") == 1);
        assertThat(upstream.requests()).isZero();
        assertStillServes();
    }

    @Test
    void smallContinuationFloodIsCut() throws Exception {
        try (RawH2Client client = new RawH2Client(port)) {
            client.handshake();
            client.frame(RawH2Client.HEADERS, 0, 1, new byte[] {(byte) 0x82});
            try {
                for (int i = 0; i < 1000; i++) {
                    client.frame(RawH2Client.CONTINUATION, 0, 1, new byte[0]);
                }
                client.flush();
            } catch (IOException closed) {
                // expected
            }
            RawH2Client.Frame goAway = client.readUntil(RawH2Client.GOAWAY, 0);
            assertThat(goAway).isNotNull();
            assertThat(goAway.errorCode()).as(new String(goAway.payload(), StandardCharsets.ISO_8859_1)).isNotZero();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> errors("continuation_flood") == 1);
        assertThat(upstream.requests()).isZero();
    }

    @Test
    void hpackBombIsRefusedWith431AndNeverReachesTheApp() throws Exception {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        block.write(0x82); // :method GET
        block.write(0x86); // :scheme http
        block.write(0x84); // :path /
        literalWithoutIndexing(block, 1, "orders"); // :authority
        block.write(0x40); // literal with incremental indexing, new name: enters the dynamic table at 62
        byte[] name = "x-bomb".getBytes(StandardCharsets.US_ASCII);
        block.write(name.length);
        block.write(name);
        integer(block, 0x00, 7, 3072); // fits the default 4 KiB dynamic table
        block.write(new byte[3072], 0, 3072);
        for (int i = 0; i < 1000; i++) {
            block.write(0xBE); // indexed: 62, the 3 KiB header again; about 3 MiB decoded
        }
        try (RawH2Client client = new RawH2Client(port)) {
            client.handshake().frame(RawH2Client.HEADERS, 0x5, 1, block.toByteArray()).flush();

            RawH2Client.Frame head = client.readUntil(RawH2Client.HEADERS, 1);
            assertThat(head).isNotNull();
            assertThat(client.decode(head).status().toString()).isEqualTo("431");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> errors("header_list_too_large") == 1);
        assertThat(upstream.requests()).isZero();
        assertStillServes();
    }

    @Test
    void pingFloodFromAClientThatDoesNotReadIsCut() throws Exception {
        floodControlFrames(true);
    }

    @Test
    void settingsFloodFromAClientThatDoesNotReadIsCut() throws Exception {
        floodControlFrames(false);
    }

    @Test
    void connectionSpecificHeaderResetsTheStream() throws Exception {
        try (RawH2Client client = new RawH2Client(port)) {
            client.handshake().headers(1, RawH2Client.get("/").add("connection", "keep-alive"), true).flush();

            RawH2Client.Frame reset = client.readUntil(RawH2Client.RST_STREAM, 1);
            assertThat(reset).isNotNull();
            assertThat(reset.errorCode()).isEqualTo(Http2Error.PROTOCOL_ERROR.code());
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> errors("protocol_error") == 1);
        assertThat(upstream.requests()).isZero();
    }

    @Test
    void teOtherThanTrailersResetsTheStream() throws Exception {
        try (RawH2Client client = new RawH2Client(port)) {
            client.handshake().headers(1, RawH2Client.get("/").add("te", "gzip"), true).flush();

            RawH2Client.Frame reset = client.readUntil(RawH2Client.RST_STREAM, 1);
            assertThat(reset).isNotNull();
            assertThat(reset.errorCode()).isEqualTo(Http2Error.PROTOCOL_ERROR.code());
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> errors("protocol_error") == 1);
        assertThat(upstream.requests()).isZero();
    }

    private void floodControlFrames(boolean ping) throws Exception {
        try (RawH2Client client = new RawH2Client(port, 4096)) {
            client.handshake();
            try {
                for (int batch = 0; batch < 2000 && errors("control_frame_flood") == 0; batch++) {
                    for (int i = 0; i < 500; i++) {
                        if (ping) {
                            client.ping(i);
                        } else {
                            client.settings();
                        }
                    }
                    client.flush();
                }
            } catch (IOException closed) {
                // the sidecar closed the connection: expected
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> errors("control_frame_flood") == 1);
        assertStillServes();
    }

    private void assertStillServes() throws Exception {
        try (RawH2Client client = new RawH2Client(port)) {
            client.handshake().headers(1, RawH2Client.get("/after"), true).flush();
            RawH2Client.Frame head = client.readUntil(RawH2Client.HEADERS, 1);
            assertThat(head).isNotNull();
            assertThat(client.decode(head).status().toString()).isEqualTo("200");
        }
    }

    private double errors(String reason) {
        var counter = registry.find(MetricNames.HTTP2_ERRORS).tag("listener", "outbound").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private static void literalWithoutIndexing(ByteArrayOutputStream out, int nameIndex, String value) {
        integer(out, 0x00, 4, nameIndex);
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        integer(out, 0x00, 7, bytes.length);
        out.write(bytes, 0, bytes.length);
    }

    /** An HPACK integer with an {@code prefixBits}-bit prefix after {@code mask}'s high bits. */
    private static void integer(ByteArrayOutputStream out, int mask, int prefixBits, int value) {
        int max = (1 << prefixBits) - 1;
        if (value < max) {
            out.write(mask | value);
            return;
        }
        out.write(mask | max);
        value -= max;
        while (value >= 128) {
            out.write((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write(value);
    }
}
