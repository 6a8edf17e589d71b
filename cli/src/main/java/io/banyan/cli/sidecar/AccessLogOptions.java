package io.banyan.cli.sidecar;

import io.banyan.cli.options.Converters;
import io.banyan.sidecar.accesslog.AccessLogFormat;
import io.banyan.sidecar.accesslog.AccessLogSettings;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** The access log options every data-plane process shares, {@code banyan sidecar} and {@code banyan gateway}. */
public final class AccessLogOptions {

    @Option(names = "--access-log", paramLabel = "stdout|off|PATH", defaultValue = "stdout",
            description = "Where one line per HTTP request goes: stdout, off, or a file (rotated by size; its "
                    + "directory must exist) (default: ${DEFAULT-VALUE}).")
    String destination;

    @Option(names = "--access-log-format", paramLabel = "FORMAT", defaultValue = "json", converter = FormatName.class,
            description = "json (one object per line, Envoy's field names) or text (default: ${DEFAULT-VALUE}).")
    AccessLogFormat format;

    @Option(names = "--access-log-max-size", paramLabel = "SIZE", defaultValue = "100MiB",
            converter = Converters.ByteSize.class,
            description = "An access log file is rotated once it reaches this size, at least 1KiB (default: "
                    + "${DEFAULT-VALUE}).")
    int maxSize;

    @Option(names = "--access-log-max-files", paramLabel = "N", defaultValue = "5", converter = Converters.Positive.class,
            description = "Rotated access log files kept besides the one being written (PATH.1 .. PATH.N), 1..20 "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxFiles;

    /** The validated settings; a bad value is an IllegalArgumentException naming the option. */
    public AccessLogSettings settings() {
        return AccessLogSettings.of(destination, format, maxSize, maxFiles);
    }

    public static final class FormatName implements ITypeConverter<AccessLogFormat> {
        @Override
        public AccessLogFormat convert(String value) {
            return Converters.parsed(value, AccessLogFormat::of, AccessLogFormat.EXPECTED);
        }
    }
}
