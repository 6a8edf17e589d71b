package io.banyan.cli.log;

import ch.qos.logback.classic.Level;
import io.banyan.cli.options.Converters;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * {@code --log-format} and {@code --log-level}, on every long-running command (control-plane, sidecar, gateway, demo).
 * Unset, each keeps what the process started with: text, and info (the demo: warn).
 */
public final class LogOptions {

    @Option(names = "--log-format", paramLabel = "FORMAT", converter = FormatName.class,
            description = "The process's own log lines on stderr: text, or json (one object per line: time, level, "
                    + "logger, thread, message, mdc, exception; default: text).")
    LogFormat format;

    @Option(names = "--log-level", paramLabel = "LEVEL", converter = LevelName.class,
            description = "The process's own log from this level up: error, warn, info, debug or trace (default: info; "
                    + "the demo: warn).")
    Level level;

    /** Points the process's log at these options (nothing changes for an option left unset). */
    public void apply() {
        ProcessLog.apply(format, level);
    }

    /** As {@link #apply()}, with {@code defaultLevel} when {@code --log-level} is unset. */
    public void apply(Level defaultLevel) {
        ProcessLog.apply(format, level != null ? level : defaultLevel);
    }

    public static final class FormatName implements ITypeConverter<LogFormat> {
        @Override
        public LogFormat convert(String value) {
            return Converters.parsed(value, LogFormat::of, LogFormat.EXPECTED);
        }
    }

    public static final class LevelName implements ITypeConverter<Level> {
        @Override
        public Level convert(String value) {
            return Converters.parsed(value, LogLevels::of, LogLevels.EXPECTED);
        }
    }
}
