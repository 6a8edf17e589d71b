package io.banyan.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code banyan control-plane --store etcd ... --check}: the etcd flags (from flags or BANYAN_* variables) are checked
 * without connecting; what is missing or wrong is one line, exit 2, naming the flag; the password is never printed.
 */
class StoreFlagsCheckTest {

    @TempDir
    Path dir;

    private CliRun check(Map<String, String> env, String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("control-plane"));
        args.addAll(List.of(flags));
        args.add("--check");
        return CliRun.run(env, args.toArray(String[]::new));
    }

    private List<String> required() throws Exception {
        Path key = Files.writeString(dir.resolve("config.key"), Base64.getEncoder().encodeToString(new byte[32]));
        Path ca = Files.createDirectories(dir.resolve("ca"));
        return List.of("--ca-dir", ca.toString(), "--config-key-file", key.toString());
    }

    private String[] with(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void etcdWithEverythingItNeedsIsGood() throws Exception {
        Path password = Files.writeString(dir.resolve("password"), "s3cret-etcd-password\n");
        CliRun good = check(Map.of(), with(required(), "--store", "etcd", "--etcd-endpoints",
                "http://127.0.0.1:2379,https://10.0.0.2:2379", "--etcd-user", "banyan", "--etcd-password-file",
                password.toString(), "--leader-lease", "15s", "--etcd-timeout", "2s", "--replica-name", "cp-1"));

        assertThat(good.exitCode).as(good.err).isZero();
        assertThat(good.out + good.err).contains("configuration good").doesNotContain("s3cret-etcd-password");
    }

    @Test
    void endpointsComeFromTheEnvironmentToo() throws Exception {
        CliRun good = check(Map.of("BANYAN_STORE", "etcd", "BANYAN_ETCD_ENDPOINTS", "http://127.0.0.1:2379"),
                with(required()));

        assertThat(good.exitCode).as(good.err).isZero();
    }

    @Test
    void andFromTheConfigFileWithEndpointsAsAList() throws Exception {
        List<String> required = required();
        Path config = Files.writeString(dir.resolve("control-plane.yaml"), String.join("\n",
                "store: etcd",
                "etcd-endpoints:",
                "  - http://10.0.0.1:2379",
                "  - http://10.0.0.2:2379",
                "etcd-prefix: /mesh-a/",
                "ca-dir: " + required.get(1),
                "config-key-file: " + required.get(3), ""));
        CliRun good = check(Map.of(), "--config", config.toString());
        assertThat(good.exitCode).as(good.err).isZero();

        Files.writeString(config, Files.readString(config).replace("/mesh-a/", "mesh-a"));
        CliRun bad = check(Map.of(), "--config", config.toString());
        assertThat(bad.exitCode).as("the file's store: etcd was read").isEqualTo(2);
        assertThat(bad.err).contains("etcd-prefix: 'mesh-a'");
    }

    @Test
    void whatIsMissingOrWrongIsNamed() throws Exception {
        CliRun unknown = check(Map.of(), with(required(), "--store", "zookeeper"));
        assertThat(unknown.exitCode).isEqualTo(2);
        assertThat(unknown.err).contains("store: 'zookeeper' (expected: embedded or etcd)");

        CliRun noEndpoints = check(Map.of(), with(required(), "--store", "etcd"));
        assertThat(noEndpoints.exitCode).isEqualTo(2);
        assertThat(noEndpoints.err).contains("etcd-endpoints: missing");

        CliRun badEndpoint = check(Map.of(), with(required(), "--store", "etcd", "--etcd-endpoints", "tcp://h:1"));
        assertThat(badEndpoint.exitCode).isEqualTo(2);
        assertThat(badEndpoint.err).contains("etcd-endpoints: 'tcp://h:1' (expected: http://HOST:PORT or https://HOST:PORT)");

        CliRun noCa = check(Map.of(), "--store", "etcd", "--etcd-endpoints", "http://127.0.0.1:2379",
                "--config-key-file", dir.resolve("config.key").toString());
        assertThat(noCa.exitCode).isEqualTo(2);
        assertThat(noCa.err).contains("ca-dir: required with --store etcd");

        CliRun noKey = check(Map.of(), "--store", "etcd", "--etcd-endpoints", "http://127.0.0.1:2379",
                "--ca-dir", dir.toString());
        assertThat(noKey.exitCode).isEqualTo(2);
        assertThat(noKey.err).contains("config-key-file: required with --store etcd");

        CliRun missingCa = check(Map.of(), with(required(), "--store", "etcd", "--etcd-endpoints",
                "https://127.0.0.1:2379", "--etcd-ca-file", dir.resolve("nope.pem").toString()));
        assertThat(missingCa.exitCode).isEqualTo(2);
        assertThat(missingCa.err).contains("etcd-ca-file: " + dir.resolve("nope.pem") + " (expected: a readable PEM file)");

        CliRun userAlone = check(Map.of(), with(required(), "--store", "etcd", "--etcd-endpoints",
                "http://127.0.0.1:2379", "--etcd-user", "banyan"));
        assertThat(userAlone.exitCode).isEqualTo(2);
        assertThat(userAlone.err).contains("etcd-user given alone (expected: both, for etcd auth, or neither)");

        CliRun shortLease = check(Map.of(), with(required(), "--store", "etcd", "--etcd-endpoints",
                "http://127.0.0.1:2379", "--leader-lease", "1s"));
        assertThat(shortLease.exitCode).isEqualTo(2);
        assertThat(shortLease.err).contains("leader-lease: 1s (expected: at least 2s");
    }
}
