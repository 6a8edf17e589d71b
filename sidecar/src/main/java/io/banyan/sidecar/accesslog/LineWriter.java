package io.banyan.sidecar.accesslog;

import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.ContextBase;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusListener;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import io.micrometer.core.instrument.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * Lines to stdout or to a size-rotated file, through {@link CountingAsyncAppender}: {@link #write} only offers the line
 * to a bounded queue. logback-core alone, in a context of its own: the access log is not the process's log (its level
 * and format do not apply), and logback's own warnings (a file that cannot be written) go to the process's log.
 */
final class LineWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LineWriter.class);

    private final ContextBase context;
    private final CountingAsyncAppender async;

    LineWriter(ContextBase context, Appender<String> sink, int queueSize, Counter dropped) {
        this.context = context;
        this.async = new CountingAsyncAppender(context, queueSize, dropped, sink);
        async.start();
    }

    /** The writer of {@code settings} (not {@code off}); a file that cannot be opened is an IllegalArgumentException. */
    static LineWriter open(AccessLogSettings settings, Counter dropped) {
        ContextBase context = new ContextBase();
        context.setName("banyan-access-log");
        context.getStatusManager().add(new ToProcessLog());
        Appender<String> sink = switch (settings.destination()) {
            case STDOUT -> stdout(context);
            case FILE -> rollingFile(context, settings.file(), settings.maxFileSize(), settings.maxFiles());
            case OFF -> throw new IllegalArgumentException("access-log: off (expected: a destination to write to)");
        };
        context.start();
        return new LineWriter(context, sink, settings.queueSize(), dropped);
    }

    /** Offers {@code line} to the queue; never blocks (a full queue drops it, counted). */
    void write(String line) {
        async.doAppend(line);
    }

    /** Writes what is queued (at most a second), then closes the file. */
    @Override
    public void close() {
        async.stop();
        context.stop();
    }

    private static Appender<String> stdout(ContextBase context) {
        ConsoleAppender<String> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("access-log-stdout");
        console.setTarget("System.out");
        console.setEncoder(encoder(context));
        console.start();
        return console;
    }

    private static Appender<String> rollingFile(ContextBase context, Path file, long maxSize, int maxFiles) {
        RollingFileAppender<String> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName("access-log-file");
        appender.setFile(file.toString());
        appender.setAppend(true);
        appender.setEncoder(encoder(context));
        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(appender);
        rolling.setFileNamePattern(file + ".%i");
        rolling.setMinIndex(1);
        rolling.setMaxIndex(maxFiles);
        rolling.start();
        SizeBasedTriggeringPolicy<String> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(context);
        trigger.setMaxFileSize(new FileSize(maxSize));
        // the size is checked at every line (a stat on the writer thread), not once a minute as logback's default
        trigger.setCheckIncrement(Duration.buildByMilliseconds(0));
        trigger.start();
        appender.setRollingPolicy(rolling);
        appender.setTriggeringPolicy(trigger);
        appender.start();
        if (!appender.isStarted()) {
            throw new IllegalArgumentException("access-log: '" + file + "' cannot be written ("
                    + lastError(context) + ")");
        }
        return appender;
    }

    private static LineEncoder encoder(ContextBase context) {
        LineEncoder encoder = new LineEncoder();
        encoder.setContext(context);
        encoder.start();
        return encoder;
    }

    private static String lastError(ContextBase context) {
        String message = "unknown reason";
        for (Status status : context.getStatusManager().getCopyOfStatusList()) {
            if (status.getLevel() == Status.ERROR) {
                message = status.getThrowable() == null ? status.getMessage()
                        : status.getMessage() + ": " + status.getThrowable().getMessage();
            }
        }
        return message;
    }

    /** logback's warnings and errors about the access log (a write that failed, a rotation that failed) are logged. */
    private static final class ToProcessLog implements StatusListener {
        @Override
        public void addStatusEvent(Status status) {
            if (status.getLevel() >= Status.WARN) {
                log.warn("access log: {}", status.getMessage(), status.getThrowable());
            }
        }
    }
}
