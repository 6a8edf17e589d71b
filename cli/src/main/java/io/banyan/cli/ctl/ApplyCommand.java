package io.banyan.cli.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.banyan.cli.admin.AdminAnswer;
import io.banyan.cli.admin.AdminClient;
import io.banyan.cli.ctl.apply.ConfigSecrets;
import io.banyan.cli.ctl.apply.Document;
import io.banyan.cli.ctl.apply.DocumentKind;
import io.banyan.cli.ctl.apply.Drift;
import io.banyan.cli.options.OptionSources;
import io.banyan.controlplane.rollout.RolloutField;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code banyan ctl apply -f DIR|FILE}: makes the live objects what the documents declare, in {@link DocumentKind}
 * order. Each object is read first; an equal one is left alone, an absent one created, a different one written with
 * {@code If-Match} of what was read (a change in between is a 412, exit 4, not an overwrite). A migration that exists
 * and differs is reported, not changed (a migration is driven by its actions). One line per object.
 */
@Command(name = "apply", sortOptions = false, description = "Make the live configuration what the files declare "
        + "(kubectl-like; docs/cli.md): one line per object, created|configured|unchanged|refused. Stops at the first "
        + "refusal unless --continue; exit codes as every ctl command.")
final class ApplyCommand extends DeclaredCommand {

    @Option(names = "--dry-run", description = "Send every write with ?dryRun=true: validated, nothing stored.")
    boolean dryRun;
    @Option(names = "--continue", description = "Go on after a refused object (the exit code is the first refusal's).")
    boolean keepGoing;

    @Override
    public Integer call() throws Exception {
        List<Document> documents = documents();
        AdminClient client = admin.client();
        PrintWriter out = spec.commandLine().getOut();
        String suffix = dryRun ? " (dry run)" : "";
        int exit = ExitCodes.OK;
        for (Document document : documents) {
            AdminAnswer live = live(client, document);
            boolean exists = live.ok();
            if (exists && Drift.lines(document, live.json()).isEmpty()) {
                out.println(document.id() + " unchanged");
                continue;
            }
            if (exists && document.kind() == DocumentKind.MIGRATION) {
                out.println(document.id() + " differs, not changed (a migration is driven by its actions: ctl "
                        + "migrations ...; see ctl diff)");
                continue;
            }
            AdminAnswer written = AdminCall.exchange(client, c -> write(c, document, exists ? live.etag() : null));
            if (written.ok()) {
                out.println(document.id() + (exists ? " configured" : " created") + suffix + rollout(written));
                continue;
            }
            out.println(document.id() + " refused: " + written.problem());
            exit = exit == ExitCodes.OK ? ExitCodes.of(written.status()) : exit;
            if (!keepGoing) {
                break;
            }
        }
        out.flush();
        return exit;
    }

    private AdminAnswer write(AdminClient client, Document document, String ifMatch) throws IOException,
            InterruptedException {
        ObjectNode body = document.kind() == DocumentKind.CONFIG
                ? ConfigSecrets.resolved(document.body(), environment(), document.source()) : document.body();
        if (document.kind() == DocumentKind.MIGRATION) {
            return client.send("POST", WriteOptions.dryRun(DocumentKind.MIGRATIONS, dryRun), body, null);
        }
        String path = WriteOptions.dryRun(document.kind().path(document.name()), dryRun);
        return client.send("PUT", path, document.kind() == DocumentKind.SERVICE ? null : body, ifMatch);
    }

    /** A staged write's answer (202 with its {@code rollout}): {@code , rollout 4 baking}; else nothing. */
    private static String rollout(AdminAnswer written) {
        JsonNode rollout = written.json().path(RolloutField.FIELD);
        return rollout.isObject() ? ", rollout " + rollout.path("id").asText() + " " + rollout.path("state").asText() : "";
    }

    /** The environment {@code fromEnv} secrets are read from: the one the CLI was given (none otherwise). */
    private Function<String, Optional<String>> environment() {
        return spec.commandLine().getDefaultValueProvider() instanceof OptionSources sources
                ? sources::environment : name -> Optional.empty();
    }
}
