package io.banyan.controlplane.store;

import io.banyan.primitives.time.Durations;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the control plane reaches etcd ({@code --etcd-*}, {@code --leader-lease}, {@code --replica-name}).
 *
 * @param endpoints    the etcd client URLs, {@code http://} or {@code https://}, at least one
 * @param caFile       the CA certificate(s) (PEM) that etcd's server certificate must chain to; null: the system's
 * @param certFile     this client's certificate (PEM) for etcd's client-certificate auth; null: none (with keyFile)
 * @param keyFile      its private key (PEM, PKCS#8); null: none (with certFile)
 * @param user         the etcd user (auth); null: no auth (with password)
 * @param password     its password, read once from {@code --etcd-password-file}; never logged
 * @param prefix       the prefix of every key Banyan writes ({@code /banyan/}); ends with {@code /}
 * @param timeout      the deadline of one request to etcd
 * @param leaderLease  the TTL of the leadership's lease, whole seconds, at least 2s
 * @param replica      this replica's name, unique among the replicas (the leader key's value)
 */
public record EtcdStoreSettings(List<URI> endpoints, Path caFile, Path certFile, Path keyFile, String user,
        String password, String prefix, Duration timeout, Duration leaderLease, String replica) {

    public static final String DEFAULT_PREFIX = "/banyan/";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_LEADER_LEASE = Duration.ofSeconds(10);

    public EtcdStoreSettings {
        Objects.requireNonNull(endpoints, "endpoints");
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("etcd-endpoints: empty (expected: at least one http:// or https:// URL)");
        }
        for (URI endpoint : endpoints) {
            String scheme = endpoint.getScheme();
            if (!("http".equals(scheme) || "https".equals(scheme)) || endpoint.getHost() == null
                    || endpoint.getPort() < 1) {
                throw new IllegalArgumentException("etcd-endpoints: '" + endpoint
                        + "' (expected: http://HOST:PORT or https://HOST:PORT)");
            }
        }
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("etcd-cert-file and etcd-key-file: "
                    + (certFile == null ? "etcd-key-file" : "etcd-cert-file")
                    + " given alone (expected: both, for a client certificate, or neither)");
        }
        if ((user == null) != (password == null)) {
            throw new IllegalArgumentException("etcd-user and etcd-password-file: "
                    + (user == null ? "etcd-password-file" : "etcd-user")
                    + " given alone (expected: both, for etcd auth, or neither)");
        }
        Objects.requireNonNull(prefix, "prefix");
        if (!prefix.startsWith("/") || !prefix.endsWith("/") || prefix.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("etcd-prefix: '" + prefix
                    + "' (expected: a key prefix starting and ending with '/', no spaces, e.g. /banyan/)");
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("etcd-timeout: " + Durations.format(timeout) + " (expected: > 0)");
        }
        Objects.requireNonNull(leaderLease, "leaderLease");
        if (leaderLease.compareTo(Duration.ofSeconds(2)) < 0 || leaderLease.toNanosPart() != 0) {
            throw new IllegalArgumentException("leader-lease: " + Durations.format(leaderLease)
                    + " (expected: at least 2s, in whole seconds; etcd leases count in whole seconds)");
        }
        Objects.requireNonNull(replica, "replica");
        if (replica.isBlank() || replica.length() > 253 || replica.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("replica-name: '" + replica
                    + "' (expected: 1 to 253 characters, no spaces)");
        }
    }

    /** Plain etcd at {@code endpoints} with the defaults (tests, a development machine). */
    public static EtcdStoreSettings of(List<URI> endpoints, String replica) {
        return new EtcdStoreSettings(endpoints, null, null, null, null, null, DEFAULT_PREFIX, DEFAULT_TIMEOUT,
                DEFAULT_LEADER_LEASE, replica);
    }

    public EtcdStoreSettings withPrefix(String prefix) {
        return new EtcdStoreSettings(endpoints, caFile, certFile, keyFile, user, password, prefix, timeout,
                leaderLease, replica);
    }

    public EtcdStoreSettings withLeaderLease(Duration leaderLease) {
        return new EtcdStoreSettings(endpoints, caFile, certFile, keyFile, user, password, prefix, timeout,
                leaderLease, replica);
    }

    public EtcdStoreSettings withTimeout(Duration timeout) {
        return new EtcdStoreSettings(endpoints, caFile, certFile, keyFile, user, password, prefix, timeout,
                leaderLease, replica);
    }

    @Override
    public String toString() { // never the password
        return "EtcdStoreSettings[endpoints=" + endpoints + ", prefix=" + prefix + ", user=" + user + ", replica="
                + replica + "]";
    }
}
