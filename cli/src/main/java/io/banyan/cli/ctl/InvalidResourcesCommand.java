package io.banyan.cli.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import io.banyan.cli.admin.AdminAnswer;
import io.banyan.cli.admin.AdminClient;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** {@code banyan ctl invalid-resources}: what is held back from the sidecars because they would refuse it. */
@Command(name = "invalid-resources", description = "GET /v1/xds/invalid-resources: resources held back because the "
        + "sidecars would NACK them, and stored policies today's rules refuse.")
public final class InvalidResourcesCommand extends AdminCall {

    @Override
    AdminAnswer call(AdminClient client) throws IOException, InterruptedException {
        return client.get("/v1/xds/invalid-resources");
    }

    @Override
    List<String> table(AdminAnswer answer) {
        JsonNode json = answer.json();
        List<String> lines = new ArrayList<>(AnswerTable.rows(json.path("invalidResources")));
        lines.add("");
        lines.add("refused policies:");
        lines.addAll(AnswerTable.rows(json.path("refusedPolicies")));
        return lines;
    }
}
