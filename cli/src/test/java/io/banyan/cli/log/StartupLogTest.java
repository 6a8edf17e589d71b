package io.banyan.cli.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.status.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The log as it is before any option is parsed: from {@code -Dbanyan.log.format} and {@code -Dbanyan.log.level}. */
class StartupLogTest {

    @AfterEach
    void clear() {
        System.clearProperty(StartupLog.FORMAT_PROPERTY);
        System.clearProperty(StartupLog.LEVEL_PROPERTY);
    }

    private static LoggerContext configured() {
        LoggerContext context = new LoggerContext();
        StartupLog startup = new StartupLog();
        startup.setContext(context);
        assertThat(startup.configure(context)).isEqualTo(ch.qos.logback.classic.spi.Configurator.ExecutionStatus
                .DO_NOT_INVOKE_NEXT_IF_ANY);
        return context;
    }

    private static OutputStreamAppender<ILoggingEvent> stderr(LoggerContext context) {
        return (OutputStreamAppender<ILoggingEvent>) context.getLogger(Logger.ROOT_LOGGER_NAME)
                .getAppender("banyan-stderr");
    }

    @Test
    void withoutPropertiesTextAtInfoOnStderr() {
        LoggerContext context = configured();

        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.INFO);
        assertThat(stderr(context).getEncoder()).isNotInstanceOf(JsonLogEncoder.class);
    }

    @Test
    void thePropertiesSetTheFormatAndLevel() {
        System.setProperty(StartupLog.FORMAT_PROPERTY, "json");
        System.setProperty(StartupLog.LEVEL_PROPERTY, "WARN");

        LoggerContext context = configured();

        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.WARN);
        assertThat(stderr(context).getEncoder()).isInstanceOf(JsonLogEncoder.class);
    }

    @Test
    void aBadPropertyIsWarnedAboutAndTheDefaultUsed() {
        System.setProperty(StartupLog.LEVEL_PROPERTY, "loud");

        LoggerContext context = configured();

        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.INFO);
        assertThat(context.getStatusManager().getCopyOfStatusList()).anySatisfy(status -> {
            assertThat(status.getLevel()).isEqualTo(Status.WARN);
            assertThat(status.getMessage()).isEqualTo(
                    "banyan.log.level: 'loud' (expected: error, warn, info, debug or trace); INFO is used");
        });
    }
}
