package io.banyan.cli.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import io.banyan.cli.admin.AdminAnswer;
import io.banyan.cli.admin.AdminClient;
import io.banyan.cli.options.CommandFailure;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One admin-API call of a ctl command: prints the answer as {@code -o} asks (a table by default), its {@code warnings}
 * and its {@code ETag} on stderr, or fails with the problem's detail and the exit code of {@link ExitCodes}. An
 * unreachable admin API is exit 5.
 */
abstract class AdminCall extends AdminCommand {

    @Mixin
    OutputOption output;

    /** The call itself. */
    abstract AdminAnswer call(AdminClient client) throws IOException, InterruptedException;

    /** The table of a successful answer: {@link AnswerTable}'s unless a command shows its answer otherwise. */
    List<String> table(AdminAnswer answer) {
        return AnswerTable.lines(answer.json(), answer.status());
    }

    @Override
    public final Integer call() throws Exception {
        AdminClient client = admin.client();
        AdminAnswer response = exchange(client, this::call);
        if (!response.ok()) {
            throw new CommandFailure(response.problem(), ExitCodes.of(response.status()));
        }
        printWarnings(response);
        PrintWriter out = spec.commandLine().getOut();
        output.print(response.json(), response.status(), output.table() ? table(response) : List.of(), out);
        out.flush();
        if (!response.etag().isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("etag: " + response.etag());
            err.flush();
        }
        return ExitCodes.OK;
    }

    /** One exchange with the admin API, an unreachable or failing API turned into a {@link CommandFailure} (exit 5). */
    static AdminAnswer exchange(AdminClient client, Exchange exchange) throws InterruptedException {
        try {
            return exchange.call(client);
        } catch (IOException e) {
            throw new CommandFailure(failure(client, e), ExitCodes.UNAVAILABLE);
        }
    }

    /** What went wrong talking to the admin API, in one line. */
    static String failure(AdminClient client, IOException e) {
        return e instanceof ConnectException ? "cannot reach the admin API at " + client.baseUrl()
                + " (is the control plane running? see --admin-url)" : "admin API at " + client.baseUrl() + ": " + e;
    }

    /** A request to the admin API. */
    @FunctionalInterface
    interface Exchange {
        AdminAnswer call(AdminClient client) throws IOException, InterruptedException;
    }

    /** An answer's {@code "warnings"} (e.g. a route that can never match), one {@code warning: ...} line each on stderr. */
    private void printWarnings(AdminAnswer response) {
        PrintWriter err = spec.commandLine().getErr();
        for (JsonNode warning : response.json().path("warnings")) {
            err.println("warning: " + warning.asText());
        }
        err.flush();
    }

    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
