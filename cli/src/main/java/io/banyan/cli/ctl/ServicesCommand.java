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
    static final class Create extends AdminCall {
        @Parameters(paramLabel = "SERVICE", description = "Service name.")
        String service;
        @Mixin
        WriteOptions write;

        @Override
        AdminAnswer call(AdminClient client) throws IOException, InterruptedException {
            return client.send("PUT", write.path("/v1/services/" + segment(service)), null, write.ifMatch());
        }
    }

    @Command(name = "delete", description = "DELETE /v1/services/{service}: only a service without instances.")
    static final class Delete extends AdminCall {
        @Parameters(paramLabel = "SERVICE", description = "Service name.")
        String service;
        @Mixin
        WriteOptions write;

        @Override
        AdminAnswer call(AdminClient client) throws IOException, InterruptedException {
            return client.send("DELETE", write.path("/v1/services/" + segment(service)), null, write.ifMatch());
        }
    }
}
