package io.banyan.cli.log;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.spi.ContextAwareBase;

import java.util.function.Function;

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
        ProcessLog.configure(context, property(FORMAT_PROPERTY, LogFormat::of, LogFormat.TEXT),
                property(LEVEL_PROPERTY, LogLevels::of, ProcessLog.DEFAULT_LEVEL));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** The property as {@code parse} reads it; unset or unreadable (then a warning in logback's status): {@code fallback}. */
    private <T> T property(String name, Function<String, T> parse, T fallback) {
        String value = System.getProperty(name);
        if (value == null) {
            return fallback;
        }
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            addWarn(name + ": " + e.getMessage() + "; " + fallback + " is used");
            return fallback;
        }
    }
}
