package io.banyan.sidecar.accesslog;

import ch.qos.logback.core.ContextBase;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.sidecar.observe.ExchangeObservation;
import io.banyan.sidecar.observe.ExchangeStart;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class LineWriterTest {

    @TempDir
    Path dir;

    /** A sink that holds the writer thread on its first line until released, then keeps what it is given. */
    private static final class BlockingSink extends UnsynchronizedAppenderBase<String> {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> written = new CopyOnWriteArrayList<>();

        @Override
        protected void append(String line) {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            written.add(line);
        }
    }

    @Test
    void aLineThatFindsTheQueueFullIsDroppedAndCountedWithoutBlocking() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Counter dropped = meters.counter(MetricNames.ACCESS_LOG_DROPPED);
        ContextBase context = new ContextBase();
        BlockingSink sink = new BlockingSink();
        sink.setContext(context);
        sink.start();
        LineWriter writer = new LineWriter(context, sink, 2, dropped);
        try {
            writer.write("one");
            assertThat(sink.entered.await(10, TimeUnit.SECONDS)).isTrue(); // the writer thread holds "one"
            writer.write("two"); // queued: two lines pending, the bound
            writer.write("three");
            writer.write("four");

            assertThat(dropped.count()).isEqualTo(2);
            sink.release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.written.size() == 2);
            writer.write("five"); // room again
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.written.size() == 3);
            assertThat(sink.written).containsExactly("one", "two", "five");
            assertThat(dropped.count()).isEqualTo(2);
        } finally {
            sink.release.countDown();
            writer.close();
        }
    }

    @Test
    void aFileIsRotatedAtItsSizeKeepingAtMostMaxFilesOldOnes() throws Exception {
        Path file = dir.resolve("access.log");
        AccessLogSettings settings = AccessLogSettings.file(file, AccessLogFormat.TEXT, 1024, 2);
        String padding = "x".repeat(90);
        try (LineWriter writer = LineWriter.open(settings, new SimpleMeterRegistry().counter("dropped"))) {
            for (int i = 0; i < 100; i++) {
                writer.write(String.format("%03d %s", i, padding));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(file)
                    && Files.readString(file).contains("099 "));
        }

        assertThat(names()).containsExactlyInAnyOrder("access.log", "access.log.1", "access.log.2");
        for (String name : names()) {
            assertThat(Files.size(dir.resolve(name))).isLessThanOrEqualTo(1024 + 95);
        }
        List<String> newest = Files.readAllLines(file);
        assertThat(newest.get(newest.size() - 1)).startsWith("099 ");
        List<String> older = Files.readAllLines(dir.resolve("access.log.1"));
        assertThat(older.get(older.size() - 1).substring(0, 3)).isEqualTo(
                String.format("%03d", Integer.parseInt(newest.get(0).substring(0, 3)) - 1));
    }

    @Test
    void offWritesNothingAndStillExportsTheDropCounter() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (AccessLog log = AccessLog.open(AccessLogSettings.OFF, meters)) {
            ExchangeStart start = new ExchangeStart(Instant.now(), "outbound", null, "GET", "orders", "/", "HTTP/1.1",
                    new DefaultHttpHeaders());
            assertThat(log.begin(start)).isSameAs(ExchangeObservation.NONE);
        }
        assertThat(meters.get(MetricNames.ACCESS_LOG_DROPPED).counter().count()).isZero();
        assertThat(names()).isEmpty();
    }

    @Test
    void aDestinationIsStdoutOffOrAFileInAnExistingDirectory() throws IOException {
        assertThat(AccessLogSettings.of("stdout", AccessLogFormat.JSON, 1 << 20, 5).destination())
                .isEqualTo(AccessLogSettings.Destination.STDOUT);
        assertThat(AccessLogSettings.of("off", AccessLogFormat.JSON, 1 << 20, 5).destination())
                .isEqualTo(AccessLogSettings.Destination.OFF);
        assertThat(AccessLogSettings.of(dir.resolve("a.log").toString(), AccessLogFormat.JSON, 1 << 20, 5).file())
                .isEqualTo(dir.resolve("a.log"));
        Path regular = Files.createFile(dir.resolve("regular"));
        assertThatThrownBy(() -> AccessLogSettings.of(regular.resolve("a.log").toString(), AccessLogFormat.JSON,
                1 << 20, 5)).hasMessageContaining("(expected: stdout, off, or a file in an existing directory)");
        assertThatThrownBy(() -> AccessLogSettings.of(dir.resolve("a%d.log").toString(), AccessLogFormat.JSON,
                1 << 20, 5)).hasMessageContaining("(expected: a path without '%')");
        assertThatThrownBy(() -> AccessLogSettings.of("stdout", AccessLogFormat.JSON, 1 << 20, 21))
                .hasMessage("access-log-max-files: 21 (expected: 1..20)");
        assertThatThrownBy(() -> AccessLogSettings.of("stdout", AccessLogFormat.JSON, 100, 5))
                .hasMessage("access-log-max-size: 100 (expected: >= 1KiB)");
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(path -> path.getFileName().toString()).filter(name -> !name.equals("regular")).toList();
        }
    }
}
