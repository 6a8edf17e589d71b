package io.banyan.bench.xds;

import io.banyan.primitives.time.Durations;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * What one generator run does; parsed from {@code --name value} arguments ({@link #parse}), every value checked
 * with a message naming the option.
 *
 * @param host               the control plane's address (admin API and xDS)
 * @param adminPort          the admin REST API's port
 * @param xdsPort            the xDS/CA gRPC port
 * @param adminToken         the admin bearer token
 * @param nodes              ADS streams held (N)
 * @param services           services registered (M)
 * @param instancesPerService instances per service (K)
 * @param changesPerSecond   churn rate (R)
 * @param duration           how long churn runs
 * @param protocol           delta or state-of-the-world
 * @param connections        concurrent keep-alive admin connections (C)
 * @param ttl                the instances' TTL; each is heartbeated every third of it
 * @param controlPlanePid    the control plane's JVM, for CPU, RSS and heap; 0 = not measured
 * @param output             where the JSON goes
 * @param seed               seed of the topology and the churn
 * @param coldStartTimeout   how long the cold start may take before the run gives up
 */
public record LoadSettings(String host, int adminPort, int xdsPort, String adminToken, int nodes, int services,
                           int instancesPerService, double changesPerSecond, Duration duration, XdsProtocol protocol,
                           int connections, Duration ttl, long controlPlanePid, Path output, long seed,
                           Duration coldStartTimeout) {

    private static final Set<String> OPTIONS = Set.of("--host", "--admin-port", "--xds-port", "--admin-token",
            "--nodes", "--services", "--instances-per-service", "--changes-per-second", "--duration", "--protocol",
            "--connections", "--ttl", "--control-plane-pid", "--output", "--seed", "--cold-start-timeout");

    public LoadSettings {
        Objects.requireNonNull(host, "host");
        port(adminPort, "--admin-port");
        port(xdsPort, "--xds-port");
        if (adminToken == null || adminToken.isBlank()) {
            throw new IllegalArgumentException("--admin-token: missing (expected: the control plane's admin token)");
        }
        atLeast(nodes, 1, "--nodes");
        atLeast(services, 1, "--services");
        atLeast(instancesPerService, 1, "--instances-per-service");
        atLeast(connections, 1, "--connections");
        if (!(changesPerSecond >= 0 && changesPerSecond <= 1000)) {
            throw new IllegalArgumentException("--changes-per-second: " + changesPerSecond + " (expected: 0..1000)");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("--duration: " + duration + " (expected: > 0)");
        }
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("--ttl: " + ttl + " (expected: >= 1s)");
        }
        if (coldStartTimeout.isNegative() || coldStartTimeout.isZero()) {
            throw new IllegalArgumentException("--cold-start-timeout: " + coldStartTimeout + " (expected: > 0)");
        }
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(output, "output");
    }

    /** The heartbeats per second that keep every instance within a third of its TTL. */
    public double heartbeatsPerSecond() {
        return services * (double) instancesPerService * 3_000.0 / ttl.toMillis();
    }

    public static LoadSettings parse(String... args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!OPTIONS.contains(args[i])) {
                throw new IllegalArgumentException(args[i] + ": unknown option (expected: one of " + OPTIONS + ")");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + ": no value");
            }
            values.put(args[i], args[i + 1]);
        }
        return new LoadSettings(values.getOrDefault("--host", "127.0.0.1"),
                integer(values, "--admin-port", "15080"), integer(values, "--xds-port", "15010"),
                values.get("--admin-token"),
                integer(values, "--nodes", "100"), integer(values, "--services", "100"),
                integer(values, "--instances-per-service", "10"),
                number(values, "--changes-per-second", "5"),
                Durations.parse(values.getOrDefault("--duration", "60s")),
                XdsProtocol.parse(values.getOrDefault("--protocol", "delta")),
                integer(values, "--connections", "16"),
                Durations.parse(values.getOrDefault("--ttl", "10s")),
                value(values, "--control-plane-pid", "0", Long::parseLong, "a process id"),
                Path.of(values.getOrDefault("--output", "xds-load.json")),
                value(values, "--seed", "14", Long::parseLong, "an integer"),
                Durations.parse(values.getOrDefault("--cold-start-timeout",
                        (120 + integer(values, "--nodes", "100") / 2) + "s")));
    }

    private static int integer(Map<String, String> values, String option, String fallback) {
        return value(values, option, fallback, Integer::parseInt, "an integer");
    }

    private static double number(Map<String, String> values, String option, String fallback) {
        return value(values, option, fallback, Double::parseDouble, "a number");
    }

    private static <T> T value(Map<String, String> values, String option, String fallback,
                               Function<String, T> parse, String expected) {
        String text = values.getOrDefault(option, fallback);
        try {
            return parse.apply(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + text + "' (expected: " + expected + ")");
        }
    }

    private static void port(int port, String option) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(option + ": " + port + " (expected: 1..65535)");
        }
    }

    private static void atLeast(int value, int min, String option) {
        if (value < min) {
            throw new IllegalArgumentException(option + ": " + value + " (expected: >= " + min + ")");
        }
    }
}
