package io.banyan.cli.ctl;

import io.banyan.cli.admin.AdminAnswer;
import io.banyan.cli.admin.AdminClient;
import io.banyan.cli.options.CommandGroup;
import io.banyan.cli.options.Converters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code banyan ctl instances get|register|heartbeat|deregister}: anything can register (a VM, a monolith). */
@Command(name = "instances", description = "Get, register, heartbeat and deregister instances.",
        subcommands = {InstancesCommand.Get.class, InstancesCommand.Register.class, InstancesCommand.Heartbeat.class, InstancesCommand.Deregister.class})
public final class InstancesCommand extends CommandGroup {

    @Command(name = "register", sortOptions = false, description = "POST /v1/services/{service}/instances")
    static final class Register extends AdminCall {
        @Option(names = "--service", paramLabel = "NAME", description = "Required. The service.")
        String service;
        @Option(names = "--host", paramLabel = "HOST", description = "Required. Address the mesh reaches the instance at.")
        String host;
        @Option(names = "--port", paramLabel = "PORT", converter = Converters.Port.class, description = "Required. Its port.")
        Integer port;
        @Option(names = "--zone", paramLabel = "ZONE", description = "Locality zone.")
        String zone;
        @Option(names = "--version", paramLabel = "VERSION", description = "Version label.")
        String version;
        @Option(names = "--weight", paramLabel = "N", converter = Converters.NonNegative.class, description = "LB weight.")
        Integer weight;
        @Option(names = "--ttl", paramLabel = "SECONDS", converter = Converters.NonNegative.class,
                description = "TTL in seconds; heartbeat before it runs out.")
        Integer ttlSeconds;
        @Option(names = "--protocol", paramLabel = "http|http2|grpc|tcp", description = "What the instance speaks.")
        String protocol;
        @Option(names = "--mesh", arity = "0..1", fallbackValue = "true", converter = Converters.Bool.class, paramLabel = "BOOL",
                description = "Reached through a sidecar's inbound port with mutual TLS (default: false).")
        Boolean mesh;
        @Option(names = "--metadata", paramLabel = "KEY=VALUE", split = ",", description = "Repeatable metadata.")
        Map<String, String> metadata;

        @Override
        AdminAnswer call(AdminClient client) throws IOException, InterruptedException {
            if (service == null) {
                throw new IllegalArgumentException("service: missing (expected: --service NAME)");
            }
            if (host == null) {
                throw new IllegalArgumentException("host: missing (expected: --host HOST)");
            }
            if (port == null) {
                throw new IllegalArgumentException("port: missing (expected: --port PORT)");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("host", host);
            body.put("port", port);
            putIfSet(body, "zone", zone);
            putIfSet(body, "version", version);
            putIfSet(body, "weight", weight);
            putIfSet(body, "ttlSeconds", ttlSeconds);
            putIfSet(body, "protocol", protocol);
            putIfSet(body, "mesh", mesh);
            putIfSet(body, "metadata", metadata);
            return client.post("/v1/services/" + segment(service) + "/instances", body);
        }

        private static void putIfSet(Map<String, Object> body, String key, Object value) {
            if (value != null) {
                body.put(key, value);
            }
        }
    }

    @Command(name = "get", description = "GET /v1/instances/{id}")
    static final class Get extends AdminCall {
        @Parameters(paramLabel = "ID", description = "Instance id.")
        String id;

        @Override
        AdminAnswer call(AdminClient client) throws IOException, InterruptedException {
            return client.get("/v1/instances/" + segment(id));
        }
    }

    @Command(name = "heartbeat", description = "PUT /v1/instances/{id}/heartbeat")
    static final class Heartbeat extends AdminCall {
        @Parameters(paramLabel = "ID", description = "Instance id returned by register.")
        String id;

        @Override
        AdminAnswer call(AdminClient client) throws IOException, InterruptedException {
            return client.put("/v1/instances/" + segment(id) + "/heartbeat");
        }
    }

    @Command(name = "deregister", description = "DELETE /v1/instances/{id}")
    static final class Deregister extends AdminCall {
        @Parameters(paramLabel = "ID", description = "Instance id.")
        String id;

        @Override
        AdminAnswer call(AdminClient client) throws IOException, InterruptedException {
            return client.delete("/v1/instances/" + segment(id));
        }
    }
}
