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
     * A builder from optional wire values, each {@code null} when absent: weight defaults to 1, protocol to http, an
     * absent ttlSeconds means no TTL, an absent mesh means a plain instance.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects a registration's wire values by name; {@link #build} validates them all. */
    public static final class Builder {

        private String service;
        private String host;
        private Integer port;
        private String zone;
        private String version;
        private Integer weight;
        private Long ttlSeconds;
        private String protocol;
        private Map<String, String> metadata;
        private boolean mesh;

        private Builder() {
        }

        public Builder service(String service) {
            this.service = service;
            return this;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(Integer port) {
            this.port = port;
            return this;
        }

        public Builder zone(String zone) {
            this.zone = zone;
            return this;
        }

        public Builder version(String version) {
            this.version = version;
            return this;
        }

        /** 1..128; absent: 1. */
        public Builder weight(Integer weight) {
            this.weight = weight;
            return this;
        }

        /** Whole seconds in 1..86400; absent: no TTL (healthy until deregistered). */
        public Builder ttlSeconds(Long ttlSeconds) {
            this.ttlSeconds = ttlSeconds;
            return this;
        }

        /** A protocol's wire name ({@code http}, {@code http2}, {@code grpc}, {@code tcp}); absent or empty: http. */
        public Builder protocol(String protocol) {
            this.protocol = protocol;
            return this;
        }

        public Builder metadata(Map<String, String> metadata) {
            this.metadata = metadata;
            return this;
        }

        /**
         * Whether the instance is a sidecar's inbound port, reached with mutual TLS ({@code true}), or a plain
         * endpoint; absent: plain.
         */
        public Builder mesh(Boolean mesh) {
            this.mesh = mesh != null && mesh;
            return this;
        }

        /** The validated registration; an invalid value throws {@link InvalidFieldException} naming its field. */
        public Registration build() {
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
                    ttlSeconds == null ? null : Duration.ofSeconds(ttlSeconds), parsed, metadata, mesh);
        }
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
