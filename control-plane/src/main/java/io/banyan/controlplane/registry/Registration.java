package io.banyan.controlplane.registry;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A validated request to register one instance. {@code ttl} is null for an instance without a TTL
 * (healthy until deregistered). Every check's message names the field and what was expected.
 */
public record Registration(String service, String host, int port, String zone, String version, int weight,
                           Duration ttl, Protocol protocol, Map<String, String> metadata, boolean mesh) {

    public static final int DEFAULT_WEIGHT = 1;
    public static final int MAX_WEIGHT = 128;
    public static final long MAX_TTL_SECONDS = 86_400;
    public static final int MAX_LABEL_LENGTH = 63;
    public static final int MAX_METADATA_ENTRIES = 64;

    private static final Pattern HOSTNAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?");

    public Registration {
        InvalidFieldException.serviceName("service", service);
        host = checkHost(host);
        if (port < 1 || port > 65535) {
            throw new InvalidFieldException("port", "port: " + port + " (expected: 1..65535)");
        }
        zone = checkLabel("zone", zone);
        version = checkLabel("version", version);
        if (weight < 1 || weight > MAX_WEIGHT) {
            throw new InvalidFieldException("weight", "weight: " + weight + " (expected: 1.." + MAX_WEIGHT + ")");
        }
        if (ttl != null && (ttl.isNegative() || ttl.isZero() || ttl.getSeconds() > MAX_TTL_SECONDS || ttl.getNano() != 0)) {
            throw new InvalidFieldException("ttlSeconds", "ttlSeconds: " + ttl.toSeconds()
                    + " (expected: whole seconds in 1.." + MAX_TTL_SECONDS + ", or absent for no TTL)");
        }
        protocol = protocol == null ? Protocol.HTTP : protocol;
        metadata = checkMetadata(metadata);
    }

    /**
     * Builds a registration from optional wire values (null means absent): weight defaults to 1,
     * protocol to http, ttlSeconds absent means no TTL, mesh absent means {@code defaultMesh}.
     */
    public static Registration of(String service, String host, Integer port, String zone, String version,
                                  Integer weight, Long ttlSeconds, String protocol, Map<String, String> metadata,
                                  Boolean mesh, boolean defaultMesh) {
        if (port == null) {
            throw new InvalidFieldException("port", "port: missing (expected: 1..65535)");
        }
        if (ttlSeconds != null && (ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS)) {
            throw new InvalidFieldException("ttlSeconds", "ttlSeconds: " + ttlSeconds
                    + " (expected: 1.." + MAX_TTL_SECONDS + ", or absent for no TTL)");
        }
        Protocol parsed;
        try {
            parsed = protocol == null || protocol.isEmpty() ? Protocol.HTTP : Protocol.fromWireName(protocol);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("protocol", e.getMessage());
        }
        return new Registration(service, host, port, zone, version, weight == null ? DEFAULT_WEIGHT : weight,
                ttlSeconds == null ? null : Duration.ofSeconds(ttlSeconds), parsed, metadata,
                mesh == null ? defaultMesh : mesh);
    }

    Instance toInstance(String id) {
        return new Instance(id, service, host, port, zone, version, weight, ttl, protocol, metadata, mesh);
    }

    private static String checkHost(String host) {
        if (host == null || host.isEmpty()) {
            throw new InvalidFieldException("host", "host: missing (expected: a hostname or an IP literal)");
        }
        if (HOSTNAME.matcher(host).matches()) {
            return host;
        }
        if (host.indexOf(':') >= 0 && IPV6.matcher(host).matches()) {
            try {
                InetAddress.getByName(host); // a literal: parsed, never resolved
                return host;
            } catch (UnknownHostException | SecurityException e) {
                // fall through to the error below
            }
        }
        throw new InvalidFieldException("host", "host: '" + host + "' (expected: a hostname or an IP literal)");
    }

    private static String checkLabel(String field, String value) {
        if (value == null) {
            return "";
        }
        if (value.length() > MAX_LABEL_LENGTH) {
            throw new InvalidFieldException(field, field + ": " + value.length() + " characters (expected: at most "
                    + MAX_LABEL_LENGTH + ")");
        }
        return value;
    }

    private static Map<String, String> checkMetadata(Map<String, String> metadata) {
        if (metadata == null) {
            return Map.of();
        }
        if (metadata.size() > MAX_METADATA_ENTRIES) {
            throw new InvalidFieldException("metadata", "metadata: " + metadata.size() + " entries (expected: at most "
                    + MAX_METADATA_ENTRIES + ")");
        }
        metadata.forEach((key, value) -> {
            if (key == null || key.isEmpty() || value == null) {
                throw new InvalidFieldException("metadata", "metadata: entry '" + key
                        + "' (expected: non-empty string keys with string values)");
            }
        });
        return Map.copyOf(metadata);
    }
}
