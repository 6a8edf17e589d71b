package io.banyan.cli.ctl;

import io.banyan.cli.admin.AdminAnswer;
import io.banyan.cli.admin.AdminClient;
import io.banyan.cli.ctl.apply.Document;
import io.banyan.cli.ctl.apply.Documents;
import io.banyan.cli.options.CommandFailure;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** {@code ctl apply} and {@code ctl diff}: the documents of {@code -f DIR|FILE} and each one's live object. */
abstract class DeclaredCommand extends AdminCommand {

    @Option(names = {"-f", "--file"}, paramLabel = "DIR|FILE", required = true,
            description = "Required. A directory of YAML/JSON files (not its subdirectories) or one file of documents "
                    + "{kind, name, spec}.")
    Path file;

    List<Document> documents() throws IOException {
        return Documents.read(file);
    }

    /** The live object of {@code document}: its answer (404 when there is none); an error answer fails the command. */
    static AdminAnswer live(AdminClient client, Document document) throws InterruptedException {
        AdminAnswer live = AdminCall.exchange(client, c -> c.get(document.kind().path(document.name())));
        if (!live.ok() && live.status() != 404) {
            throw new CommandFailure(document.id() + ": " + live.problem(), ExitCodes.of(live.status()));
        }
        return live;
    }
}
