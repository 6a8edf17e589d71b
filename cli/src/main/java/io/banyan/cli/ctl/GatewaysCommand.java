package io.banyan.cli.ctl;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.banyan.cli.admin.AdminAnswer;
import io.banyan.cli.admin.AdminClient;
import picocli.CommandLine.Command;

import java.io.IOException;

/**
 * {@code banyan ctl gateways get|set|delete NAME}: {@code /v1/gateways/{name}/routes}, an edge gateway's routes by
 * virtual host (unmatched requests are answered 404 no_route); {@code banyan ctl gateways list}: the connected edge
 * gateways ({@code GET /v1/sidecars}, those of {@code kind} gateway).
 */
@Command(name = "gateways", description = "/v1/gateways/{name}/routes: the routes of an edge gateway (with hosts); "
        + "list, get, set -f FILE, delete.",
        subcommands = {GatewaysCommand.List.class, ObjectCommand.Get.class, ObjectCommand.Set.class,
                ObjectCommand.Delete.class})
public final class GatewaysCommand extends ObjectCommand {

    @Override
    String path(String name) {
        return RouteTable.GATEWAY.path(name);
    }

    @Override
    BodyFile body() {
        return BodyFile.ROUTES;
    }

    @Command(name = "list", description = "The connected edge gateways: GET /v1/sidecars, those of kind gateway.")
    static final class List extends AdminCall {
        @Override
        AdminAnswer call(AdminClient client) throws IOException, InterruptedException {
            AdminAnswer sidecars = client.get("/v1/sidecars");
            if (!sidecars.ok()) {
                return sidecars;
            }
            ArrayNode gateways = JsonNodeFactory.instance.arrayNode();
            sidecars.json().path("sidecars").forEach(node -> {
                if ("gateway".equals(node.path("kind").asText())) {
                    gateways.add(node);
                }
            });
            ObjectNode answer = JsonNodeFactory.instance.objectNode();
            answer.set("gateways", gateways);
            return new AdminAnswer(sidecars.status(), answer.toString());
        }
    }
}
