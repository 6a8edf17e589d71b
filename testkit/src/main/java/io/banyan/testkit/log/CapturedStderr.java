package io.banyan.testkit.log;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Tees {@code System.err} (where slf4j-simple logs in tests) into a buffer until closed, so a test can count
 * log lines: "logged once", "no stack traces".
 */
public final class CapturedStderr implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    public CapturedStderr() {
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (captured) {
                    captured.write(b);
                }
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                original.write(bytes, offset, length);
                synchronized (captured) {
                    captured.write(bytes, offset, length);
                }
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    /** The lines written so far. */
    public List<String> lines() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8).lines().toList();
        }
    }

    /** How many lines so far contain {@code text}. */
    public long count(String text) {
        return lines().stream().filter(line -> line.contains(text)).count();
    }

    /** How many lines so far are stack-trace frames ({@code \tat ...}). */
    public long stackTraceLines() {
        return lines().stream().filter(line -> line.startsWith("\tat ")).count();
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
