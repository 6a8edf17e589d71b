package io.banyan.cli.options;

import io.banyan.primitives.name.ServiceName;
import picocli.CommandLine.TypeConversionException;

/**
 * One {@code --upstream SERVICE=PORT}: an explicit outbound port on 127.0.0.1 bound to a service; {@code --upstream
 * SERVICE} (port 0): a service called through the shared outbound port only, declared so the sidecar receives it; or
 * {@code --upstream '*'} ({@link #ALL}, no port): every service through the shared outbound port.
 *
 * @param service destination service
 * @param port    local port, 1..65535
 */
public record Upstream(String service, int port) {

    static final String EXPECTED = "expected: SERVICE=PORT, port 1..65535, SERVICE, or '*'";
    /** {@code --upstream '*'}: no port, every service through the shared outbound port. */
    public static final Upstream ALL = new Upstream(io.banyan.api.xds.Upstream.ALL, 0);

    public Upstream {
        boolean all = port == 0 && io.banyan.api.xds.Upstream.ALL.equals(service);
        if (!all && !ServiceName.isValid(service)) {
            throw new IllegalArgumentException("upstream: '" + service + "' (expected: a service name, "
                    + ServiceName.EXPECTED + ")");
        }
        if (!all && (port < 0 || port > 65535)) {
            throw new IllegalArgumentException("upstream: " + service + "=" + port + " (" + EXPECTED + ")");
        }
    }

    static Upstream parse(String text) {
        if (io.banyan.api.xds.Upstream.isAll(text)) {
            return ALL;
        }
        int equals = text.indexOf('=');
        if (equals < 0 && ServiceName.isValid(text.trim())) {
            return new Upstream(text.trim(), 0);
        }
        if (equals <= 0) {
            throw new TypeConversionException(EXPECTED);
        }
        String service = text.substring(0, equals).trim();
        int port = Converters.integer(text.substring(equals + 1), 1, 65535, "SERVICE=PORT, port 1..65535");
        if (!ServiceName.isValid(service)) {
            throw new TypeConversionException(EXPECTED + ", SERVICE a DNS label");
        }
        return new Upstream(service, port);
    }

    @Override
    public String toString() {
        return isAll() || isShared() ? service : service + "=" + port;
    }

    /** Whether this is {@code --upstream SERVICE}: no port of its own, the shared outbound port reaches it. */
    public boolean isShared() {
        return port == 0 && !isAll();
    }

    /** Whether this is {@code --upstream '*'}. */
    public boolean isAll() {
        return equals(ALL);
    }
}
