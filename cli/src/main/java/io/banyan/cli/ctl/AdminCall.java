package io.banyan.cli.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.cli.admin.AdminAnswer;
import io.banyan.cli.admin.AdminClient;
import io.banyan.cli.options.CommandFailure;
import io.banyan.cli.options.ErrorReporter;
import io.banyan.primitives.json.JsonMappers;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * One admin-API call of a ctl command: prints a JSON answer pretty (its {@code warnings} also to stderr), or fails
 * with the problem's detail (exit 1). An unreachable admin API is a failure too.
 */
abstract class AdminCall extends AdminCommand {

    private static final ObjectMapper JSON = JsonMappers.lenient();

    /** The call itself. */
    abstract AdminAnswer call(AdminClient client) throws IOException, InterruptedException;

    /** Prints a successful answer: as pretty JSON ({@code {"status":204}} when empty) unless a command shows it otherwise. */
    void print(AdminAnswer answer, PrintWriter out) throws IOException {
        printJson(answer, out);
    }

    @Override
    public final Integer call() throws Exception {
        AdminClient client = admin.client();
        AdminAnswer response = exchange(client, this::call);
        if (!response.ok()) {
            throw new CommandFailure(response.problem(), ErrorReporter.FAILURE);
        }
        printWarnings(response);
        PrintWriter out = spec.commandLine().getOut();
        print(response, out);
        out.flush();
        return 0;
    }

    /** One exchange with the admin API, an unreachable or failing API turned into a {@link CommandFailure} (exit 1). */
    static AdminAnswer exchange(AdminClient client, Exchange exchange) throws InterruptedException {
        try {
            return exchange.call(client);
        } catch (IOException e) {
            throw new CommandFailure(failure(client, e), ErrorReporter.FAILURE);
        }
    }

    /** What went wrong talking to the admin API, in one line. */
    static String failure(AdminClient client, IOException e) {
        return e instanceof ConnectException ? "cannot reach the admin API at " + client.baseUrl()
                + " (is the control plane running? see --admin-url)" : "admin API at " + client.baseUrl() + ": " + e;
    }

    static void printJson(AdminAnswer answer, PrintWriter out) throws IOException {
        if (answer.json().isMissingNode()) {
            out.println("{\"status\":" + answer.status() + "}");
        } else {
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(answer.json()));
        }
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
