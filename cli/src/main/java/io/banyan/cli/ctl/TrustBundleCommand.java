package io.banyan.cli.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import io.banyan.cli.admin.AdminAnswer;
import io.banyan.cli.admin.AdminClient;
import io.banyan.cli.ctl.migrations.TextTable;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.util.List;

/** {@code banyan ctl trust-bundle}: the roots workload certificates chain to (the PEMs with {@code -o json|yaml}). */
@Command(name = "trust-bundle", description = "GET /v1/trust-bundle: the trust domain and the roots' SHA-256 "
        + "fingerprints (the PEMs with -o json or -o yaml).")
public final class TrustBundleCommand extends AdminCall {

    @Override
    AdminAnswer call(AdminClient client) throws IOException, InterruptedException {
        return client.get("/v1/trust-bundle");
    }

    @Override
    List<String> table(AdminAnswer answer) {
        JsonNode json = answer.json();
        TextTable table = new TextTable("TRUST DOMAIN", "ROOT", "SHA-256");
        int i = 0;
        for (JsonNode fingerprint : json.path("fingerprints")) {
            table.row(json.path("trustDomain").asText(), String.valueOf(i++), fingerprint.asText());
        }
        return table.lines();
    }
}
