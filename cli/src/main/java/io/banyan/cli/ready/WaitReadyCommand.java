package io.banyan.cli.ready;

import io.banyan.cli.options.AdminAddress;
import io.banyan.cli.options.CommandFailure;
import io.banyan.cli.options.ConfigOption;
import io.banyan.cli.options.Converters;
import io.banyan.cli.options.ErrorReporter;
import io.banyan.cli.options.HelpOption;
import io.banyan.primitives.time.Durations;
import io.banyan.primitives.time.Ticker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code banyan wait-ready}: for app entrypoints and startup probes, exits 0 once the sidecar's (or gateway's)
 * {@code /ready} answers 200; at the timeout exits 1 with one line saying why (the last answer, or the connection's
 * failure). {@code /ready} is open (no admin token).
 */
@Command(name = "wait-ready", sortOptions = false,
        description = "Waits until a sidecar's or gateway's /ready answers 200, then exits 0 (for an app's entrypoint: "
                + "'banyan wait-ready && exec app'). At the timeout exits 1 with the last answer or the connection "
                + "error; bad options exit 2.")
public final class WaitReadyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Mixin
    HelpOption help;
    @Mixin
    ConfigOption config;

    @Option(names = "--admin", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:15000",
            description = "The sidecar's or gateway's admin endpoint (its --admin-port; default: ${DEFAULT-VALUE}).")
    String admin;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s",
            converter = Converters.HumanDuration.class,
            description = "How long to wait for /ready before giving up with exit code 1 (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        AdminAddress address = AdminAddress.parse("admin", admin);
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: >= 0s)");
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(ReadyWait.MAX_POLL).build();
        ReadyProbe probe = pollTimeout -> {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(address.readyUri())
                    .timeout(pollTimeout).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new ReadyProbe.Answer(response.statusCode(), response.body());
        };
        ReadyWait.Outcome outcome = new ReadyWait(probe, ReadyWait.DEFAULT_BACKOFF, Ticker.system(),
                delay -> Thread.sleep(delay.toMillis(), (int) (delay.toNanos() % 1_000_000))).await(timeout);
        if (!outcome.ready()) {
            throw new CommandFailure(address + " not ready after " + Durations.format(timeout) + " (" + outcome.polls()
                    + " polls): " + outcome.detail(), ErrorReporter.FAILURE);
        }
        spec.commandLine().getOut().println(address + " ready: " + outcome.detail());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
