package io.banyan.cli.certs;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;

import io.banyan.certs.CaFiles;
import io.banyan.certs.CertificateAuthority;
import io.banyan.certs.CertificateInfo;
import io.banyan.cli.options.ConfigOption;
import io.banyan.cli.options.Converters;
import io.banyan.cli.options.HelpOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code banyan certs init-ca}: a new root CA, or an intermediate signed by an existing one. */
@Command(name = "init-ca", sortOptions = false,
        description = "Creates an EC P-256 CA in --out: ca.crt, ca.key (owner-only), chain.pem, root.crt.")
public final class InitCaCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Mixin
    HelpOption help;
    @Mixin
    ConfigOption config;

    @Option(names = "--out", paramLabel = "DIR", description = "Required. Directory to write the CA to.")
    Path out;

    @Option(names = "--trust-domain", paramLabel = "DOMAIN", defaultValue = "mesh.local",
            description = "SPIFFE trust domain (default: ${DEFAULT-VALUE}); an intermediate inherits its root's.")
    String trustDomain;

    @Option(names = "--validity", paramLabel = "DURATION", defaultValue = "3650d",
            converter = Converters.HumanDuration.class, description = "Lifetime of the CA certificate (default: ${DEFAULT-VALUE}).")
    Duration validity;

    @Option(names = "--intermediate-of", paramLabel = "ROOT_DIR",
            description = "Create an intermediate CA signed by the CA in ROOT_DIR instead of a self-signed root.")
    Path intermediateOf;

    @Option(names = "--force", arity = "0..1", fallbackValue = "true", defaultValue = "false", converter = Converters.Bool.class,
            description = "Overwrite an existing CA in --out.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        if (out == null) {
            throw new IllegalArgumentException("out: missing (expected: --out DIR)");
        }
        if (Files.exists(out.resolve(CaFiles.KEY)) && !force) {
            throw new IllegalArgumentException("out: " + out + " already holds a CA (expected: an empty directory, or --force)");
        }
        Clock clock = Clock.systemUTC();
        CertificateAuthority ca;
        if (intermediateOf != null) {
            CertificateAuthority parent = CaFiles.load(intermediateOf, clock);
            if (spec.commandLine().getParseResult().hasMatchedOption("--trust-domain")
                    && !parent.trustDomain().equals(trustDomain)) {
                throw new IllegalArgumentException("trust-domain: '" + trustDomain + "' (expected: "
                        + parent.trustDomain() + ", the trust domain of " + intermediateOf + ")");
            }
            ca = parent.createIntermediate(validity);
        } else {
            ca = CertificateAuthority.createRoot(trustDomain, validity, clock);
        }
        CaFiles.save(ca, out);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf("%s CA for trust domain %s written to %s%n", intermediateOf == null ? "root" : "intermediate",
                ca.trustDomain(), out.toAbsolutePath().normalize());
        stdout.print(CertificateInfo.of(ca.certificate()).format());
        stdout.flush();
        return 0;
    }
}
