package io.banyan.cli.certs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.banyan.certs.CertificateInfo;
import io.banyan.certs.Csr;
import io.banyan.certs.EcKeys;
import io.banyan.certs.Pem;
import io.banyan.certs.SpiffeId;
import io.banyan.cli.Cli;

class CertsCommandTest {

    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void initCaThenIntermediateThenIssueGivesAValidChain() throws Exception {
        Path root = dir.resolve("root");
        Path intermediate = dir.resolve("intermediate");
        Path svid = dir.resolve("orders");

        assertThat(run("certs", "init-ca", "--out", root.toString(), "--trust-domain", "prod.example", "--validity", "30d"))
                .as(err.toString()).isZero();
        assertThat(run("certs", "init-ca", "--out", intermediate.toString(), "--intermediate-of", root.toString()))
                .as(err.toString()).isZero();
        assertThat(run("certs", "issue", "--ca", intermediate.toString(), "--service", "orders", "--out", svid.toString(),
                "--ttl", "2h", "--usage", "server")).as(err.toString()).isZero();

        List<X509Certificate> chain = Pem.readCertificates(Files.readString(svid.resolve("svid.pem")));
        X509Certificate anchor = Pem.readCertificate(Files.readString(svid.resolve("bundle.pem")));
        assertThat(chain).hasSize(2);
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(chain), parameters);
        CertificateInfo leaf = CertificateInfo.of(chain.get(0));
        assertThat(leaf.sans()).containsExactly("URI:spiffe://prod.example/svc/orders");
        assertThat(leaf.extendedKeyUsages()).containsExactly("serverAuth");
        assertThat(Pem.readPrivateKey(Files.readString(svid.resolve("svid_key.pem"))).getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void issueSignsACsr() throws Exception {
        Path ca = dir.resolve("ca");
        Path csrFile = dir.resolve("req.pem");
        var keys = EcKeys.generate();
        Files.writeString(csrFile, Pem.writeCsr(Csr.create(keys, new SpiffeId("mesh.local", "web"))));
        run("certs", "init-ca", "--out", ca.toString());

        int code = run("certs", "issue", "--ca", ca.toString(), "--service", "web", "--out", dir.resolve("web").toString(),
                "--csr", csrFile.toString());

        assertThat(code).as(err.toString()).isZero();
        X509Certificate leaf = Pem.readCertificate(Files.readString(dir.resolve("web/svid.pem")));
        assertThat(leaf.getPublicKey()).isEqualTo(keys.getPublic());
        assertThat(dir.resolve("web/svid_key.pem")).doesNotExist();
    }

    @Test
    void inspectPrintsTheFields() throws Exception {
        Path ca = dir.resolve("ca");
        run("certs", "init-ca", "--out", ca.toString());
        run("certs", "issue", "--ca", ca.toString(), "--service", "orders", "--out", dir.resolve("o").toString());
        out.getBuffer().setLength(0);

        int code = run("certs", "inspect", dir.resolve("o/svid.pem").toString());

        assertThat(code).isZero();
        assertThat(out.toString()).contains("subject:      CN=orders,O=mesh.local", "SANs:         URI:spiffe://mesh.local/svc/orders",
                "not before:", "not after:", "SHA-256:      ", "key usage:    digitalSignature",
                "ext key usage: serverAuth, clientAuth", "CA:           false");
    }

    @Test
    void refusesToOverwriteACaAndReportsBadUsage() {
        Path ca = dir.resolve("ca");
        run("certs", "init-ca", "--out", ca.toString());
        err.getBuffer().setLength(0);

        assertThat(run("certs", "init-ca", "--out", ca.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("banyan certs init-ca: out: ").contains("already holds a CA");
        err.getBuffer().setLength(0);
        assertThat(run("certs", "issue", "--ca", ca.toString(), "--service", "x", "--out", dir.toString(), "--usage", "peer"))
                .isEqualTo(2);
        assertThat(err.toString()).isEqualTo("banyan certs issue: usage: 'peer' (expected: server, client or both)\n");
    }

    private int run(String... args) {
        return new Cli(Map.of(), new PrintWriter(out, true), new PrintWriter(err, true)).run(args);
    }
}
