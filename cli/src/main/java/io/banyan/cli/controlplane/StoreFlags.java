package io.banyan.cli.controlplane;

import io.banyan.cli.options.Converters;
import io.banyan.controlplane.store.EtcdStoreSettings;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The control plane's store flags: {@code --store embedded|etcd} and, with etcd, where and how to reach it
 * ({@code --etcd-*}, {@code --leader-lease}, {@code --replica-name}). Files are checked when the settings are made (a
 * clear error naming the flag); the password file is read once and its content is never printed.
 */
public final class StoreFlags {

    private static final String EMBEDDED = "embedded";
    private static final String ETCD = "etcd";

    @Option(names = "--store", paramLabel = "embedded|etcd", defaultValue = "embedded",
            description = "Where the state lives: embedded (a file in --data-dir, one control plane) or etcd (any "
                    + "number of replicas sharing --etcd-endpoints; needs --ca-dir and --config-key-file) "
                    + "(default: ${DEFAULT-VALUE}).")
    String store;

    @Option(names = "--etcd-endpoints", paramLabel = "URL,URL,...", split = ",",
            description = "etcd client URLs, http:// or https:// (required with --store etcd).")
    List<String> etcdEndpoints = new ArrayList<>();

    @Option(names = "--etcd-ca-file", paramLabel = "FILE",
            description = "PEM CA certificate(s) etcd's server certificate must chain to (TLS to etcd).")
    Path etcdCaFile;

    @Option(names = "--etcd-cert-file", paramLabel = "FILE",
            description = "PEM client certificate for etcd (with --etcd-key-file).")
    Path etcdCertFile;

    @Option(names = "--etcd-key-file", paramLabel = "FILE",
            description = "PEM (PKCS#8) private key of --etcd-cert-file.")
    Path etcdKeyFile;

    @Option(names = "--etcd-user", paramLabel = "USER",
            description = "etcd user (auth; with --etcd-password-file).")
    String etcdUser;

    @Option(names = "--etcd-password-file", paramLabel = "FILE",
            description = "File holding the etcd user's password (read once at start, never logged).")
    Path etcdPasswordFile;

    @Option(names = "--etcd-prefix", paramLabel = "PREFIX", defaultValue = EtcdStoreSettings.DEFAULT_PREFIX,
            description = "Prefix of every key the control plane writes in etcd (default: ${DEFAULT-VALUE}).")
    String etcdPrefix;

    @Option(names = "--etcd-timeout", paramLabel = "DURATION", defaultValue = "5s",
            converter = Converters.HumanDuration.class,
            description = "Deadline of one request to etcd; a write that misses it answers 503 (default: ${DEFAULT-VALUE}).")
    Duration etcdTimeout;

    @Option(names = "--leader-lease", paramLabel = "DURATION", defaultValue = "10s",
            converter = Converters.HumanDuration.class,
            description = "TTL of the leader's etcd lease: the replica that runs reaping and the migration and rollout "
                    + "controllers; another takes over within it when the leader dies (default: ${DEFAULT-VALUE}).")
    Duration leaderLease;

    @Option(names = "--replica-name", paramLabel = "NAME",
            description = "This replica's name among the control planes on one etcd (default: the host name, '-' and "
                    + "6 random hex characters).")
    String replicaName;

    /** The etcd store's settings, or null for the embedded store; throws IllegalArgumentException naming the flag. */
    EtcdStoreSettings settings() {
        if (EMBEDDED.equals(store)) {
            return null;
        }
        if (!ETCD.equals(store)) {
            throw new IllegalArgumentException("store: '" + store + "' (expected: embedded or etcd)");
        }
        if (etcdEndpoints.isEmpty()) {
            throw new IllegalArgumentException("etcd-endpoints: missing (expected with --store etcd: the etcd client"
                    + " URLs, http://HOST:PORT,...)");
        }
        List<URI> endpoints = new ArrayList<>();
        for (String endpoint : etcdEndpoints) {
            try {
                endpoints.add(new URI(endpoint.strip()));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("etcd-endpoints: '" + endpoint
                        + "' (expected: http://HOST:PORT or https://HOST:PORT)");
            }
        }
        readable(etcdCaFile, "etcd-ca-file");
        readable(etcdCertFile, "etcd-cert-file");
        readable(etcdKeyFile, "etcd-key-file");
        String password = etcdPasswordFile == null ? null : password(etcdPasswordFile);
        return new EtcdStoreSettings(endpoints, etcdCaFile, etcdCertFile, etcdKeyFile, etcdUser, password, etcdPrefix,
                etcdTimeout, leaderLease, replicaName != null ? replicaName : defaultReplicaName());
    }

    private static void readable(Path file, String flag) {
        if (file != null && (!Files.isRegularFile(file) || !Files.isReadable(file))) {
            throw new IllegalArgumentException(flag + ": " + file + " (expected: a readable PEM file)");
        }
    }

    private static String password(Path file) {
        readable(file, "etcd-password-file");
        try {
            String password = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (password.isEmpty()) {
                throw new IllegalArgumentException("etcd-password-file: " + file
                        + " is empty (expected: the etcd user's password)");
            }
            return password;
        } catch (IOException e) {
            throw new IllegalArgumentException("etcd-password-file: " + file + " cannot be read (" + e.getClass()
                    .getSimpleName() + ")");
        }
    }

    private static String defaultReplicaName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "replica";
        }
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        return host + "-" + HexFormat.of().formatHex(random);
    }
}
