package io.banyan.sidecar.accesslog;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and how the access log is written.
 *
 * @param destination stdout, off, or a file
 * @param file        the file when the destination is {@link Destination#FILE}, else null
 * @param format      json or text
 * @param maxFileSize a file is rotated once it reaches this many bytes (at least 1 KiB)
 * @param maxFiles    rotated files kept besides the one being written ({@code PATH.1} .. {@code PATH.N}), 1..20
 * @param queueSize   lines waiting for (or being written by) the writer thread; more are dropped and counted
 */
public record AccessLogSettings(Destination destination, Path file, AccessLogFormat format, long maxFileSize,
                                int maxFiles, int queueSize) {

    /** Where lines go. */
    public enum Destination { STDOUT, OFF, FILE }

    public static final long DEFAULT_MAX_FILE_SIZE = 100L << 20;
    public static final int DEFAULT_MAX_FILES = 5;
    /** logback's FixedWindowRollingPolicy keeps at most 20 rotated files. */
    public static final int MAX_MAX_FILES = 20;
    public static final long MIN_FILE_SIZE = 1024;
    public static final int DEFAULT_QUEUE_SIZE = 1024;
    /** Nothing written: the observer watches nothing. */
    public static final AccessLogSettings OFF = new AccessLogSettings(Destination.OFF, null, AccessLogFormat.JSON,
            DEFAULT_MAX_FILE_SIZE, DEFAULT_MAX_FILES, DEFAULT_QUEUE_SIZE);

    public AccessLogSettings {
        Objects.requireNonNull(destination, "access-log");
        Objects.requireNonNull(format, "access-log-format");
        if ((destination == Destination.FILE) != (file != null)) {
            throw new IllegalArgumentException("access-log: " + destination + " with file " + file
                    + " (expected: a file exactly when the destination is a file)");
        }
        if (file != null) {
            if (file.toString().contains("%")) { // logback would read it as a rotation pattern
                throw new IllegalArgumentException("access-log: '" + file + "' (expected: a path without '%')");
            }
            Path parent = file.toAbsolutePath().getParent();
            if (file.getFileName() == null || parent == null || !Files.isDirectory(parent) || Files.isDirectory(file)) {
                throw new IllegalArgumentException("access-log: '" + file
                        + "' (expected: stdout, off, or a file in an existing directory)");
            }
        }
        if (maxFileSize < MIN_FILE_SIZE) {
            throw new IllegalArgumentException("access-log-max-size: " + maxFileSize + " (expected: >= 1KiB)");
        }
        if (maxFiles < 1 || maxFiles > MAX_MAX_FILES) {
            throw new IllegalArgumentException("access-log-max-files: " + maxFiles + " (expected: 1.."
                    + MAX_MAX_FILES + ")");
        }
        if (queueSize < 1) {
            throw new IllegalArgumentException("access log queue size: " + queueSize + " (expected: >= 1)");
        }
    }

    /** The access log to standard output. */
    public static AccessLogSettings stdout(AccessLogFormat format) {
        return new AccessLogSettings(Destination.STDOUT, null, format, DEFAULT_MAX_FILE_SIZE, DEFAULT_MAX_FILES,
                DEFAULT_QUEUE_SIZE);
    }

    /** The access log to {@code file}, rotated at {@code maxFileSize} bytes keeping {@code maxFiles} old files. */
    public static AccessLogSettings file(Path file, AccessLogFormat format, long maxFileSize, int maxFiles) {
        return new AccessLogSettings(Destination.FILE, file, format, maxFileSize, maxFiles, DEFAULT_QUEUE_SIZE);
    }

    /**
     * The flag's words: {@code stdout}, {@code off}, or a file path; with the format and the rotation of a file (which
     * the other two ignore).
     */
    public static AccessLogSettings of(String destination, AccessLogFormat format, long maxFileSize, int maxFiles) {
        String value = destination == null ? "" : destination.trim();
        return switch (value) {
            case "" -> throw new IllegalArgumentException("access-log: '' (expected: stdout, off, or a file path)");
            case "stdout" -> new AccessLogSettings(Destination.STDOUT, null, format, maxFileSize, maxFiles,
                    DEFAULT_QUEUE_SIZE);
            case "off" -> new AccessLogSettings(Destination.OFF, null, format, maxFileSize, maxFiles,
                    DEFAULT_QUEUE_SIZE);
            default -> file(path(value), format, maxFileSize, maxFiles);
        };
    }

    private static Path path(String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("access-log: '" + value + "' (expected: stdout, off, or a file path)");
        }
    }

    /** The same with another queue size (tests). */
    public AccessLogSettings withQueueSize(int queueSize) {
        return new AccessLogSettings(destination, file, format, maxFileSize, maxFiles, queueSize);
    }
}
