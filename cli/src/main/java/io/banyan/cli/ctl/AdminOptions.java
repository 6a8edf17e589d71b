package io.banyan.cli.ctl;

import java.net.URI;
import java.time.Duration;

import io.banyan.cli.admin.AdminClient;
import picocli.CommandLine.Option;

/** {@code --admin-url} and {@code --admin-token}, mixed into every ctl command. */
public final class AdminOptions {

    @Option(names = "--admin-url", paramLabel = "URL", defaultValue = "http://127.0.0.1:15080",
            description = "Base URL of the control plane's admin API (default: ${DEFAULT-VALUE}).")
    String adminUrl;

    @Option(names = "--admin-token", paramLabel = "TOKEN", description = "Bearer token of the admin API.")
    String adminToken;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s",
            converter = io.banyan.cli.options.Converters.HumanDuration.class,
            description = "Connect and request timeout (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    AdminClient client() {
        URI uri;
        try {
            uri = URI.create(adminUrl);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("admin-url: '" + adminUrl + "' (expected: http://HOST:PORT)", e);
        }
        return new AdminClient(uri, adminToken, timeout);
    }
}
