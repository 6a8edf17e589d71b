package io.banyan.cli.ctl;

import io.banyan.cli.admin.AdminAnswer;
import io.banyan.cli.admin.AdminClient;
import io.banyan.cli.ctl.apply.ConfigSecrets;
import io.banyan.cli.ctl.apply.Document;
import io.banyan.cli.ctl.apply.DocumentKind;
import io.banyan.cli.ctl.apply.Drift;
import io.banyan.cli.options.CommandFailure;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.List;

/**
 * {@code banyan ctl diff -f DIR|FILE}: what {@code ctl apply} would change, per object the lines from the live object
 * to the file ({@code ~ timeouts.request: "3s" -> "5s"}, {@code + {...}} for one to create). Exit 0 when nothing
 * differs, 1 when something does, above 1 on an error (as kubectl diff). A {@code Config}'s secrets are compared by
 * name only: the admin API never shows their values.
 */
@Command(name = "diff", sortOptions = false, description = "Show how the live configuration differs from the files: "
        + "exit 0 no difference, 1 differences, >1 an error. Secrets of Config documents are compared by name only.")
final class DiffCommand extends DeclaredCommand {

    /** An error of diff is above 1 (1 says "differences"): a refusal of the admin API (exit 1 elsewhere) is 2. */
    static final int REFUSED = ExitCodes.USAGE;

    @Override
    public Integer call() throws Exception {
        try {
            return diff();
        } catch (CommandFailure failure) {
            throw failure.exitCode() == ExitCodes.REFUSED ? new CommandFailure(failure.getMessage(), REFUSED) : failure;
        }
    }

    private int diff() throws Exception {
        List<Document> documents = documents();
        AdminClient client = admin.client();
        PrintWriter out = spec.commandLine().getOut();
        boolean different = false;
        for (Document document : documents) {
            AdminAnswer live = live(client, document);
            List<String> lines = Drift.lines(document, live.ok() ? live.json() : null);
            if (lines.isEmpty()) {
                continue;
            }
            different = true;
            out.println("--- live " + document.id() + (live.ok() ? " " + live.etag() : " (absent)"));
            out.println("+++ file " + document.source());
            lines.forEach(line -> out.println("  " + line));
            if (document.kind() == DocumentKind.CONFIG && ConfigSecrets.any(document.spec())) {
                out.println("  (secrets compared by name only: their values are never shown by the admin API)");
            }
        }
        out.flush();
        return different ? ExitCodes.DIFFERENT : ExitCodes.OK;
    }
}
