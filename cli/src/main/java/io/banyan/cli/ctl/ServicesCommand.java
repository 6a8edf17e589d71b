package io.banyan.cli.ctl;

import java.io.IOException;
import java.util.concurrent.Callable;

import io.banyan.cli.admin.AdminClient;
import io.banyan.cli.admin.AdminResponse;
import io.banyan.cli.options.ErrorReporter;
import io.banyan.cli.options.HelpOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code banyan ctl services list|get}. */
@Command(name = "services", description = "Services and their instances with health.",
        subcommands = {ServicesCommand.List.class, ServicesCommand.Get.class})
public final class ServicesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Mixin
    HelpOption help;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ErrorReporter.USAGE;
    }

    @Command(name = "list", description = "GET /v1/services")
    static final class List extends AdminCall {
        @Override
        AdminResponse call(AdminClient client) throws IOException, InterruptedException {
            return client.get("/v1/services");
        }
    }

    @Command(name = "get", description = "GET /v1/services/{service}")
    static final class Get extends AdminCall {
        @Parameters(paramLabel = "SERVICE", description = "Service name.")
        String service;

        @Override
        AdminResponse call(AdminClient client) throws IOException, InterruptedException {
            return client.get("/v1/services/" + segment(service));
        }
    }
}
