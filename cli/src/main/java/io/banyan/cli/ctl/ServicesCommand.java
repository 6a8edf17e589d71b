package io.banyan.cli.ctl;

import io.banyan.cli.admin.AdminAnswer;
import io.banyan.cli.admin.AdminClient;
import io.banyan.cli.options.CommandGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.IOException;

/** {@code banyan ctl services list|get|create|delete}. */
@Command(name = "services", description = "Services and their instances with health; list, get, create, delete.",
        subcommands = {ServicesCommand.List.class, ServicesCommand.Get.class, ServicesCommand.Create.class,
                ServicesCommand.Delete.class})
public final class ServicesCommand extends CommandGroup {

    @Command(name = "list", description = "GET /v1/services")
    static final class List extends AdminCall {
        @Override
        AdminAnswer call(AdminClient client) throws IOException, InterruptedException {
            return client.get("/v1/services");
        }
    }

    @Command(name = "get", description = "GET /v1/services/{service}")
    static final class Get extends AdminCall {
        @Parameters(paramLabel = "SERVICE", description = "Service name.")
        String service;

        @Override
        AdminAnswer call(AdminClient client) throws IOException, InterruptedException {
            return client.get("/v1/services/" + segment(service));
        }
    }

    @Command(name = "create", description = "PUT /v1/services/{service}: create a service (200 when it existed).")
    static final class Create extends Write {
    }

    @Command(name = "delete", description = "DELETE /v1/services/{service}: only a service without instances.")
    static final class Delete extends Write {
    }

    /** A service's creation (PUT) or deletion (DELETE), by the command's name. */
    abstract static class Write extends AdminCall {
        @Parameters(paramLabel = "SERVICE", description = "Service name.")
        String service;
        @Mixin
        WriteOptions write;

        @Override
        final AdminAnswer call(AdminClient client) throws IOException, InterruptedException {
            String method = spec.name().equals("create") ? "PUT" : "DELETE";
            return write.send(client, method, "/v1/services/" + segment(service), null);
        }
    }
}
