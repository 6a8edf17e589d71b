package io.banyan.testkit.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;

/** A log file written by another thread (an access log's writer), read once it holds what a test waits for. */
public final class LogFiles {

    private LogFiles() {
    }

    /**
     * The lines of {@code file} once it has at least {@code count} (waiting up to 10 s); fails if it then has more, so
     * a test also asserts nothing else was written.
     */
    public static List<String> awaitLines(Path file, int count) {
        await(count + " lines in " + file).atMost(Duration.ofSeconds(10))
                .until(() -> Files.exists(file) && read(file).size() >= count);
        List<String> lines = read(file);
        if (lines.size() != count) {
            throw new AssertionError("expected " + count + " lines in " + file + ", found " + lines.size() + ": " + lines);
        }
        return lines;
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
