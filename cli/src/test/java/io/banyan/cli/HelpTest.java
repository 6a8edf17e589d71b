package io.banyan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class HelpTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "control-plane                  | --admin-port,--xds-port,--data-dir,--trust-domain,--admin-token,--bind-address,--config",
        "sidecar                        | --service,--app-port,--app-health-path,--upstream,--control-plane,--token,"
                + "--admin-port,--inbound-port,--outbound-port,--advertise-host,--data-dir,--zone,--version,--registration-ttl,"
                + "--drain-timeout,--drain-delay,--admin-token",
        "gateway                        | --name,--listen,--tls-cert,--tls-key,--tls-reload-interval,--control-plane,"
                + "--token,--admin-port,--data-dir,--zone,--trust-domain,--drain-timeout,--drain-delay,--admin-token,--check,--config",
        "certs init-ca                  | --out,--trust-domain,--validity,--intermediate-of",
        "certs issue                    | --ca,--service,--out,--ttl,--usage,--csr",
        "certs inspect                  | FILE",
        "ctl services list              | --admin-url,--admin-token",
        "ctl services get               | --admin-url,--admin-token,SERVICE",
        "ctl instances register         | --service,--host,--port,--zone,--version,--weight,--ttl,--protocol,--mesh",
        "ctl instances heartbeat        | ID",
        "ctl instances deregister       | ID",
        "ctl tokens create              | --service,--ttl",
        "ctl tokens list                | --admin-url",
        "ctl tokens revoke              | ID",
        "ctl migrations create          | --file,--dry-run,--output,--admin-url",
        "ctl migrations list            | --output,--admin-url,--admin-token",
        "ctl migrations get             | NAME,--output",
        "ctl migrations events          | NAME,--output",
        "ctl migrations advance         | NAME,--output",
        "ctl migrations rollback        | NAME,--output",
        "ctl migrations delete          | NAME",
        "ctl migrations watch           | NAME,--interval,--count,--admin-url",
        "ctl migrations                 | create,list,get,events,advance,pause,resume,rollback,complete,delete,watch",
        "demo                           | --duration,--clients,--registration-ttl,--min-success-rate",
        "wait-ready                     | --admin,--timeout",
        "certs                          | init-ca,issue,inspect",
        "ctl                            | services,instances,tokens,routes,gateways,migrations",
    })
    void helpPrintsEveryOption(String command, String expected) {
        String[] words = command.trim().split(" ");
        String[] args = new String[words.length + 1];
        System.arraycopy(words, 0, args, 0, words.length);
        args[words.length] = "--help";

        CliRun run = CliRun.run(Map.of(), args);

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.out).startsWith("Usage: banyan " + command.trim());
        for (String option : expected.split(",")) {
            assertThat(run.out).contains(option);
        }
    }

    @Test
    void rootHelpListsTheCommands() {
        CliRun run = CliRun.run(Map.of(), "--help");

        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains("control-plane", "sidecar", "gateway", "certs", "ctl", "demo", "BANYAN_");
    }

    @Test
    void versionPrintsTheVersion() {
        CliRun run = CliRun.run(Map.of(), "--version");

        assertThat(run.exitCode).isZero();
        assertThat(run.out).startsWith("banyan ");
    }

    @Test
    void noCommandPrintsUsageAndExits2() {
        CliRun run = CliRun.run(Map.of());

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("Usage: banyan");
    }
}
