package io.banyan.cli.certs;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.Callable;

import io.banyan.certs.CertificateInfo;
import io.banyan.certs.Pem;
import io.banyan.cli.options.HelpOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code banyan certs inspect FILE}: what is in a PEM certificate or chain. */
@Command(name = "inspect", description = "Prints subject, SANs, validity, SHA-256 fingerprint and key usages "
        + "of every certificate in a PEM file.")
public final class InspectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Mixin
    HelpOption help;

    @Parameters(paramLabel = "FILE", description = "PEM file with one or more certificates.")
    Path file;

    @Override
    public Integer call() throws Exception {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("file: " + file + " not found (expected: a PEM certificate file)");
        }
        List<X509Certificate> certificates = Pem.readCertificates(text);
        PrintWriter out = spec.commandLine().getOut();
        for (int i = 0; i < certificates.size(); i++) {
            if (certificates.size() > 1) {
                out.printf("[%d]%n", i);
            }
            out.print(CertificateInfo.of(certificates.get(i)).format());
        }
        out.flush();
        return 0;
    }
}
