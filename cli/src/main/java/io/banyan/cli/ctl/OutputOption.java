package io.banyan.cli.ctl;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.util.Locale;

/** {@code -o, --output text|json}: a summary for people (the default) or the admin API's JSON as it came. */
public final class OutputOption {

    /** The two ways to show an answer. */
    enum Format { TEXT, JSON }

    @Option(names = {"-o", "--output"}, paramLabel = "text|json", defaultValue = "text", converter = FormatName.class,
            description = "text: a summary for people (default); json: the admin API's answer as it came.")
    Format format;

    boolean json() {
        return format == Format.JSON;
    }

    /** {@code text} or {@code json}, in any case. */
    static final class FormatName implements ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "text" -> Format.TEXT;
                case "json" -> Format.JSON;
                default -> throw new TypeConversionException("expected: text or json");
            };
        }
    }
}
