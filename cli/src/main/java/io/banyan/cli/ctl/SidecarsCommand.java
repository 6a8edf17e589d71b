package io.banyan.cli.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import io.banyan.cli.admin.AdminAnswer;
import io.banyan.cli.admin.AdminClient;
import io.banyan.cli.ctl.migrations.TextTable;
import io.banyan.cli.options.CommandGroup;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.util.List;

/** {@code banyan ctl sidecars list}: the connected sidecars and gateways, with what each did with each xDS type. */
@Command(name = "sidecars", description = "GET /v1/sidecars: connected sidecars and gateways; list.",
        subcommands = SidecarsCommand.ListAll.class)
public final class SidecarsCommand extends CommandGroup {

    @Command(name = "list", description = "GET /v1/sidecars: one row per node and xDS type, with the version it ACKed "
            + "and its last NACK.")
    static final class ListAll extends AdminCall {
        @Override
        AdminAnswer call(AdminClient client) throws IOException, InterruptedException {
            return client.get("/v1/sidecars");
        }

        @Override
        List<String> table(AdminAnswer answer) {
            return lines(answer.json().path("sidecars"));
        }
    }

    /** NODE SERVICE KIND PROTOCOL TYPE ACKED NACK, a node without any type yet as one row with "-". */
    static List<String> lines(JsonNode sidecars) {
        if (sidecars.isEmpty()) {
            return List.of("(none)");
        }
        TextTable table = new TextTable("NODE", "SERVICE", "KIND", "PROTOCOL", "TYPE", "ACKED", "NACK");
        for (JsonNode node : sidecars) {
            String id = node.path("nodeId").asText();
            String service = node.path("service").asText();
            String kind = node.path("kind").asText();
            String protocol = node.path("protocol").asText("-");
            if (node.path("types").isEmpty()) {
                table.row(id, service, kind, protocol, "-", "-", "-");
            }
            node.path("types").fields().forEachRemaining(type -> table.row(id, service, kind, protocol,
                    shortType(type.getKey()), version(type.getValue().path("ackedVersion")),
                    nack(type.getValue().path("lastNack"))));
        }
        return table.lines();
    }

    /** {@code type.googleapis.com/envoy.config.cluster.v3.Cluster} as {@code Cluster}. */
    static String shortType(String typeUrl) {
        return typeUrl.substring(typeUrl.lastIndexOf('.') + 1);
    }

    private static String version(JsonNode acked) {
        return acked.asText().isEmpty() ? "-" : acked.asText();
    }

    private static String nack(JsonNode nack) {
        return nack.isObject() ? AnswerTable.cell(nack.path("version").asText() + ": " + nack.path("message").asText()) : "-";
    }
}
