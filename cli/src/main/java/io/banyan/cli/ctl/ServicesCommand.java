package io.banyan.cli.ctl;

import io.banyan.cli.admin.AdminAnswer;
import io.banyan.cli.admin.AdminClient;
import io.banyan.cli.options.CommandGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;

/** {@code banyan ctl services list|get}. */
@Command(name = "services", description = "Services and their instances with health.",
        subcommands = {ServicesCommand.List.class, ServicesCommand.Get.class})
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
}
