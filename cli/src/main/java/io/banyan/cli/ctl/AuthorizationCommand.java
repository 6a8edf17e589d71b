package io.banyan.cli.ctl;

import io.banyan.cli.admin.AdminAnswer;
import io.banyan.cli.admin.AdminClient;
import io.banyan.cli.options.CommandGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;

/**
 * {@code banyan ctl authorization get|set|delete SERVICE}: {@code /v1/services/{service}/authorization}, who may call a
 * service; {@code banyan ctl authorization default get|set}: {@code /v1/authorization/default}, the mesh-wide default.
 */
@Command(name = "authorization", description = "/v1/services/{service}/authorization: the services allowed to call a "
        + "service; get, set -f FILE, delete; default get|set -f FILE: the mesh-wide default.",
        subcommands = {ObjectCommand.Get.class, ObjectCommand.Set.class, ObjectCommand.Delete.class,
                AuthorizationCommand.Default.class})
public final class AuthorizationCommand extends ObjectCommand {

    static final String DEFAULT_PATH = "/v1/authorization/default";

    @Override
    String path(String name) {
        return "/v1/services/" + AdminCall.segment(name) + "/authorization";
    }

    @Override
    BodyFile body() {
        return BodyFile.ALLOW_LIST;
    }

    @Command(name = "default", description = "/v1/authorization/default: allow-all or deny-unless-allowed; get, set -f FILE.",
            subcommands = {DefaultGet.class, DefaultSet.class})
    static final class Default extends CommandGroup {
    }

    @Command(name = "get", description = "GET /v1/authorization/default")
    static final class DefaultGet extends AdminCall {
        @Override
        AdminAnswer call(AdminClient client) throws IOException, InterruptedException {
            return client.get(DEFAULT_PATH);
        }
    }

    @Command(name = "set", sortOptions = false, description = "PUT /v1/authorization/default from a YAML or JSON file.")
    static final class DefaultSet extends AdminCall {
        @Option(names = {"-f", "--file"}, paramLabel = "FILE", required = true,
                description = "Required. {\"mode\": \"allow-all\" | \"deny-unless-allowed\"}, YAML or JSON; - reads stdin.")
        String file;
        @Mixin
        WriteOptions write;

        @Override
        AdminAnswer call(AdminClient client) throws IOException, InterruptedException {
            return write.send(client, "PUT", DEFAULT_PATH, BodyFile.AUTHORIZATION_DEFAULT.read(file, System.in));
        }
    }
}
