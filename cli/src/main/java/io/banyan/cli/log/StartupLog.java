package io.banyan.cli.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * logback's configurator (found through {@code META-INF/services}), run when the first logger is made, before any
 * option is parsed: the process's log on stderr as the system properties {@code banyan.log.format} (text|json) and
 * {@code banyan.log.level} say (the launcher sets them per command: quiet for ctl and certs), text at info otherwise. A
 * {@code logback-test.xml} or {@code logback.xml} on the class path, or {@code -Dlogback.configurationFile}, wins
 * (tests, and users who bring their own).
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class StartupLog extends ContextAwareBase implements Configurator {

    static final String FORMAT_PROPERTY = "banyan.log.format";
    static final String LEVEL_PROPERTY = "banyan.log.level";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        ClassLoader loader = StartupLog.class.getClassLoader();
        if (System.getProperty("logback.configurationFile") != null || loader.getResource("logback-test.xml") != null
                || loader.getResource("logback.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        ProcessLog.configure(context, format(System.getProperty(FORMAT_PROPERTY)),
                level(System.getProperty(LEVEL_PROPERTY)));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private LogFormat format(String value) {
        if (value == null) {
            return LogFormat.TEXT;
        }
        try {
            return LogFormat.of(value);
        } catch (IllegalArgumentException e) {
            addWarn(FORMAT_PROPERTY + ": " + e.getMessage() + "; text is used");
            return LogFormat.TEXT;
        }
    }

    private Level level(String value) {
        if (value == null) {
            return ProcessLog.DEFAULT_LEVEL;
        }
        try {
            return LogLevels.of(value);
        } catch (IllegalArgumentException e) {
            addWarn(LEVEL_PROPERTY + ": " + e.getMessage() + "; info is used");
            return ProcessLog.DEFAULT_LEVEL;
        }
    }
}
