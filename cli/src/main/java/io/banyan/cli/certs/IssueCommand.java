package io.banyan.cli.certs;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;

import io.banyan.certs.CaFiles;
import io.banyan.certs.CertificateAuthority;
import io.banyan.certs.CertificateInfo;
import io.banyan.certs.EcKeys;
import io.banyan.certs.Pem;
import io.banyan.certs.SpiffeId;
import io.banyan.certs.Usage;
import io.banyan.cli.options.ConfigOption;
import io.banyan.cli.options.Converters;
import io.banyan.cli.options.HelpOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code banyan certs issue}: a workload certificate (SVID) for a service, signed by a CA directory. */
@Command(name = "issue", sortOptions = false,
        description = "Issues a workload certificate for spiffe://<trust-domain>/svc/<service> into --out: "
                + "svid.pem (certificate and intermediates), svid_key.pem (PKCS#8, owner-only, unless --csr), bundle.pem (root).")
public final class IssueCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Mixin
    HelpOption help;
    @Mixin
    ConfigOption config;

    @Option(names = "--ca", paramLabel = "DIR", description = "Required. CA directory made by 'certs init-ca'.")
    Path caDir;

    @Option(names = "--service", paramLabel = "NAME", description = "Required. Service name: the identity in the URI SAN.")
    String service;

    @Option(names = "--out", paramLabel = "DIR", description = "Required. Directory to write the certificate to.")
    Path out;

    @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "1h", converter = Converters.HumanDuration.class,
            description = "Lifetime (default: ${DEFAULT-VALUE}); never beyond the CA's own.")
    Duration ttl;

    @Option(names = "--usage", paramLabel = "server|client|both", defaultValue = "both",
            converter = Converters.CertificateUsage.class,
            description = "Extended key usage: serverAuth, clientAuth or both (default: ${DEFAULT-VALUE}).")
    Usage usage;

    @Option(names = "--csr", paramLabel = "FILE",
            description = "Sign this PEM certificate request (its signature is verified) instead of generating a key.")
    Path csr;

    @Override
    public Integer call() throws Exception {
        if (caDir == null) {
            throw new IllegalArgumentException("ca: missing (expected: --ca DIR)");
        }
        if (out == null) {
            throw new IllegalArgumentException("out: missing (expected: --out DIR)");
        }
        if (service == null) {
            throw new IllegalArgumentException("service: missing (expected: --service NAME)");
        }
        CertificateAuthority ca = CaFiles.load(caDir, Clock.systemUTC());
        SpiffeId id = new SpiffeId(ca.trustDomain(), service);
        Files.createDirectories(out);
        X509Certificate certificate;
        if (csr != null) {
            certificate = ca.issue(Pem.readCsr(Files.readString(csr)), id, ttl, usage);
        } else {
            KeyPair keys = EcKeys.generate();
            certificate = ca.issue(keys.getPublic(), id, ttl, usage);
            CaFiles.writePrivate(out.resolve("svid_key.pem"), Pem.writePrivateKey(keys.getPrivate()));
        }
        Files.writeString(out.resolve("svid.pem"), Pem.writeCertificates(ca.presentedChain(certificate)));
        Files.writeString(out.resolve("bundle.pem"), Pem.writeCertificate(ca.root()));
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf("issued %s to %s%n", id, out.toAbsolutePath().normalize());
        stdout.print(CertificateInfo.of(certificate).format());
        stdout.flush();
        return 0;
    }
}
