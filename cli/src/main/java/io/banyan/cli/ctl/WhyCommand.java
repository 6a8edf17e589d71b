package io.banyan.cli.ctl;

import io.banyan.cli.admin.AdminAnswer;
import io.banyan.cli.admin.AdminClient;
import io.banyan.cli.options.AdminAddress;
import io.banyan.cli.options.CommandFailure;
import io.banyan.cli.options.ConfigOption;
import io.banyan.cli.options.Converters;
import io.banyan.cli.options.HelpOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code banyan ctl why SERVICE --sidecar HOST:PORT [--request-id ID]}: asks a sidecar's (or gateway's) admin port
 * why calls to a service fail, or why one recent request failed ({@code GET /debug/why}), and prints its plain-language
 * answer (the JSON with {@code -o json}, YAML with {@code -o yaml}). Talks to the sidecar, not the control plane: its
 * admin port listens on 127.0.0.1, so this runs on the sidecar's host. Exit codes as every ctl command's.
 */
@Command(name = "why", description = "Ask a sidecar's admin port (GET /debug/why) why calls to SERVICE fail, or why "
        + "the recent failed request --request-id failed: the path to the service now (routes, endpoints and their "
        + "state, recent failures by cause with request ids, config versions and NACKs, the retry budget) in plain "
        + "language (-o json|yaml: the sidecar's JSON).")
public final class WhyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Mixin
    HelpOption help;
    @Mixin
    ConfigOption config;
    @Mixin
    OutputOption output;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVICE",
            description = "The service to explain (optional with --request-id).")
    String service;

    @Option(names = "--sidecar", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:15000",
            description = "The sidecar's (or gateway's) admin port (default: ${DEFAULT-VALUE}).")
    String sidecar;

    @Option(names = "--request-id", paramLabel = "ID",
            description = "A recent failed request's x-request-id: its tries, endpoints, causes and timing.")
    String requestId;

    /** Not {@code --admin-token}: its variable {@code BANYAN_ADMIN_TOKEN} is the control plane's, read by every other ctl command. */
    @Option(names = "--sidecar-token", paramLabel = "TOKEN",
            description = "The sidecar's --admin-token, when it has one (env BANYAN_SIDECAR_TOKEN).")
    String sidecarToken;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s",
            converter = Converters.HumanDuration.class,
            description = "Connect and request timeout (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        if ((service == null) == (requestId == null)) {
            throw new IllegalArgumentException(service == null
                    ? "SERVICE: missing (expected: a service name, or --request-id ID)"
                    : "SERVICE and --request-id: both given (expected: one of them)");
        }
        URI admin = AdminAddress.parse("sidecar", sidecar).baseUri();
        String query = service != null ? "service=" + AdminCall.segment(service)
                : "request_id=" + AdminCall.segment(requestId);
        boolean text = output.table();
        AdminClient client = new AdminClient(admin, sidecarToken, timeout);
        AdminAnswer answer;
        try {
            answer = client.get("/debug/why?" + query + (text ? "&format=text" : ""));
        } catch (ConnectException e) {
            throw new CommandFailure("cannot reach the sidecar admin port at " + client.baseUrl()
                    + " (is the sidecar running? see --sidecar)", ExitCodes.UNAVAILABLE);
        } catch (IOException e) {
            throw new CommandFailure("sidecar admin port at " + client.baseUrl() + ": " + e, ExitCodes.UNAVAILABLE);
        }
        if (!answer.ok()) {
            throw new CommandFailure(answer.problem(), ExitCodes.of(answer.status()));
        }
        PrintWriter out = spec.commandLine().getOut();
        output.print(answer.json(), answer.status(), text ? answer.body().lines().toList() : List.of(), out);
        out.flush();
        return ExitCodes.OK;
    }
}
