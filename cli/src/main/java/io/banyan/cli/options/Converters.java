package io.banyan.cli.options;

import io.banyan.api.xds.XdsProtocol;
import io.banyan.certs.Usage;
import io.banyan.primitives.time.Durations;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;
import java.util.function.Function;

/**
 * Type converters whose failures read {@code (expected: ...)}; {@link ErrorReporter} prefixes the option
 * name and the rejected value, giving one line such as {@code app-port: 'abc' (expected: an integer 0..65535)}.
 */
public final class Converters {

    private Converters() {
    }

    /** A TCP port, 0 meaning "any free port". */
    public static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return integer(value, 0, 65535, "an integer 0..65535");
        }
    }

    /** A non-negative integer. */
    public static final class NonNegative implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return integer(value, 0, Integer.MAX_VALUE, "an integer >= 0");
        }
    }

    /** A count of at least one. */
    public static final class Positive implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return integer(value, 1, Integer.MAX_VALUE, "an integer >= 1");
        }
    }

    public static final class HumanDuration implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Durations.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("expected: " + Durations.EXPECTED);
            }
        }
    }

    /** A byte size: {@code 16384}, {@code 60KiB}, {@code 1MiB}. */
    public static final class ByteSize implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                return Sizes.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("expected: " + Sizes.EXPECTED);
            }
        }
    }

    public static final class UpstreamSpec implements ITypeConverter<Upstream> {
        @Override
        public Upstream convert(String value) {
            return Upstream.parse(value);
        }
    }

    /** {@code delta} or {@code sotw} ({@link XdsProtocol#of}). */
    public static final class AdsProtocol implements ITypeConverter<XdsProtocol> {
        @Override
        public XdsProtocol convert(String value) {
            try {
                return XdsProtocol.of(value.trim());
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("expected: delta or sotw");
            }
        }
    }

    public static final class CertificateUsage implements ITypeConverter<Usage> {
        @Override
        public Usage convert(String value) {
            try {
                return Usage.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("expected: server, client or both");
            }
        }
    }

    public static final class Bool implements ITypeConverter<Boolean> {
        @Override
        public Boolean convert(String value) {
            return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "true", "yes", "on", "1" -> true;
                case "false", "no", "off", "0" -> false;
                default -> throw new TypeConversionException("expected: true or false");
            };
        }
    }

    /**
     * {@code parse} of {@code value}; its IllegalArgumentException becomes picocli's conversion error
     * {@code expected: <expected>}, for converters over a type's own {@code of(String)}.
     */
    public static <T> T parsed(String value, Function<String, T> parse, String expected) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("expected: " + expected);
        }
    }

    static int integer(String value, int min, int max, String expected) {
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed >= min && parsed <= max) {
                return (int) parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new TypeConversionException("expected: " + expected);
    }
}
