package io.banyan.cli.ctl;

import io.banyan.cli.admin.AdminAnswer;
import io.banyan.cli.admin.AdminClient;
import io.banyan.cli.options.CommandGroup;
import io.banyan.cli.options.Converters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code banyan ctl tokens create|list|revoke}: join tokens that bootstrap sidecars. */
@Command(name = "tokens", description = "Join tokens: create, list, revoke.",
        subcommands = {TokensCommand.Create.class, TokensCommand.List.class, TokensCommand.Revoke.class})
public final class TokensCommand extends CommandGroup {

    @Command(name = "create", description = "POST /v1/tokens: a join token for the sidecars of one service.")
    static final class Create extends AdminCall {
        @Option(names = "--service", paramLabel = "NAME", description = "Required. The only service the token is valid for.")
        String service;
        @Option(names = "--ttl", paramLabel = "SECONDS", converter = Converters.NonNegative.class,
                description = "Lifetime in seconds (the control plane's default when omitted).")
        Integer ttlSeconds;

        @Override
        AdminAnswer call(AdminClient client) throws IOException, InterruptedException {
            if (service == null) {
                throw new IllegalArgumentException("service: missing (expected: --service NAME)");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("service", service);
            if (ttlSeconds != null) {
                body.put("ttlSeconds", ttlSeconds);
            }
            return client.post("/v1/tokens", body);
        }
    }

    @Command(name = "list", description = "GET /v1/tokens (ids, services, expiry; never secrets)")
    static final class List extends AdminCall {
        @Override
        AdminAnswer call(AdminClient client) throws IOException, InterruptedException {
            return client.get("/v1/tokens");
        }
    }

    @Command(name = "revoke", description = "DELETE /v1/tokens/{id}")
    static final class Revoke extends AdminCall {
        @Parameters(paramLabel = "ID", description = "Token id (the part before the '.').")
        String id;

        @Override
        AdminAnswer call(AdminClient client) throws IOException, InterruptedException {
            return client.delete("/v1/tokens/" + segment(id));
        }
    }
}
