package io.banyan.cli.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * The process's own log: every logger's lines on stderr, text or JSON, from a level up. Set once at startup
 * ({@link StartupLog}) and again when a long-running command has parsed its {@code --log-format} and
 * {@code --log-level} ({@link #apply}); loggers made before keep working, as logback's loggers are re-pointed, not
 * replaced. Access logs are not written here (they have their own writer).
 */
public final class ProcessLog {

    /** The text line: time (UTC), level, thread, logger, message, then the stack trace if any. */
    public static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z',UTC} %-5level [%thread] %logger - %msg%n";
    static final Level DEFAULT_LEVEL = Level.INFO;
    private static final String APPENDER = "banyan-stderr";
    private static final String FORMAT_KEY = "banyan.log.format";

    private ProcessLog() {
    }

    /**
     * Re-points the process's log to {@code format} at {@code level}; both null change nothing, one null keeps what
     * is set now (the format and
     * level from startup, {@code text} and {@code info} unless {@code -Dbanyan.log.format}/{@code -Dbanyan.log.level}
     * said otherwise). Does nothing when SLF4J is not bound to logback (the CLI embedded elsewhere).
     */
    public static void apply(LogFormat format, Level level) {
        if (format == null && level == null) {
            return; // what the process started with stays, a logback.xml of the user's too
        }
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            Object current = context.getObject(FORMAT_KEY);
            Level currentLevel = context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel();
            configure(context, format != null ? format : current instanceof LogFormat set ? set : LogFormat.TEXT,
                    level != null ? level : currentLevel != null ? currentLevel : DEFAULT_LEVEL);
        }
    }

    /** Sets {@code context}: one stderr appender of {@code format} on the root logger, at {@code level}. */
    static void configure(LoggerContext context, LogFormat format, Level level) {
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName(APPENDER);
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder(context, format));
        stderr.start();
        root.detachAndStopAllAppenders();
        root.addAppender(stderr);
        root.setLevel(level);
        context.putObject(FORMAT_KEY, format);
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, LogFormat format) {
        if (format == LogFormat.JSON) {
            JsonLogEncoder json = new JsonLogEncoder();
            json.setContext(context);
            json.start();
            return json;
        }
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern(TEXT_PATTERN);
        text.setCharset(StandardCharsets.UTF_8);
        text.start();
        return text;
    }
}
