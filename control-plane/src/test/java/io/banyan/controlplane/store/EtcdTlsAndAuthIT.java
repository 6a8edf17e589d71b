package io.banyan.controlplane.store;

import io.banyan.certs.Pem;
import io.banyan.certs.Usage;
import io.banyan.testkit.etcd.EtcdCluster;
import io.banyan.testkit.etcd.EtcdTls;
import io.banyan.testkit.tls.Credential;
import io.banyan.testkit.tls.TestCa;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The store on an etcd that requires what production etcd does: client TLS with a client certificate
 * ({@code --etcd-ca-file}, {@code --etcd-cert-file}, {@code --etcd-key-file}), and user and password auth
 * ({@code --etcd-user}, {@code --etcd-password-file}). With them the store writes and reads; without them, or with a
 * wrong password, opening fails with a {@link StoreException} that names etcd.
 */
class EtcdTlsAndAuthIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    @Test
    void overTlsWithAClientCertificateTheStoreWritesAndReadsAndWithoutOneItCannotOpen() throws Exception {
        assumeTrue(EtcdCluster.available(), "etcd is not installed (/usr/bin/etcd)");
        TestCa ca = new TestCa();
        Path caFile = Files.writeString(dir.resolve("ca.pem"), Pem.writeCertificate(ca.root().root()));
        ca.issueServer("localhost").writeTo(dir.resolve("etcd.pem"), dir.resolve("etcd-key.pem"));
        Credential client = ca.issue("control-plane", Usage.CLIENT, Duration.ZERO, TestCa.DEFAULT_TTL);
        Path certFile = Files.writeString(dir.resolve("client.pem"), Pem.writeCertificates(client.chain()));
        Path keyFile = Files.writeString(dir.resolve("client-key.pem"), Pem.writePrivateKey(client.key()));
        String prefix = "/banyan-" + UUID.randomUUID() + "/";

        try (EtcdCluster etcd = EtcdCluster.start(1, new EtcdTls(caFile, dir.resolve("etcd.pem"),
                dir.resolve("etcd-key.pem")))) {
            assertThat(etcd.endpoints()).startsWith("https://localhost:");
            try (Store writer = Store.etcd(settings(etcd, caFile, certFile, keyFile, null, null, prefix, "a"),
                    StoreOptions.DEFAULT);
                 Store reader = Store.etcd(settings(etcd, caFile, certFile, keyFile, null, null, prefix, "b"),
                         StoreOptions.DEFAULT)) {
                writer.services().put("orders", new StoredService("orders", Instant.parse("2026-12-07T00:00:00Z")));
                reader.sync();
                assertThat(reader.services().get("orders")).map(StoredService::name).hasValue("orders");
            }

            assertThatThrownBy(() -> Store.etcd(settings(etcd, caFile, null, null, null, null, prefix, "c"),
                    StoreOptions.DEFAULT).close())
                    .as("no client certificate").isInstanceOf(StoreException.class).hasMessageContaining("etcd");
        }
    }

    @Test
    void withAuthEnabledTheRightPasswordWritesAndAWrongOneCannotOpen() throws Exception {
        assumeTrue(EtcdCluster.available(), "etcd is not installed (/usr/bin/etcd)");
        String prefix = "/banyan-" + UUID.randomUUID() + "/";
        try (EtcdCluster etcd = EtcdCluster.start(1)) {
            String url = etcd.clientUrls().get(0);
            gateway(url, "/v3/auth/user/add", "{\"name\":\"root\",\"password\":\"s3cret\"}");
            gateway(url, "/v3/auth/role/add", "{\"name\":\"root\"}");
            gateway(url, "/v3/auth/user/grant", "{\"user\":\"root\",\"role\":\"root\"}");
            gateway(url, "/v3/auth/enable", "{}");

            try (Store store = Store.etcd(settings(etcd, null, null, null, "root", "s3cret", prefix, "a"),
                    StoreOptions.DEFAULT)) {
                store.services().put("orders", new StoredService("orders", Instant.parse("2026-12-07T00:00:00Z")));
                assertThat(store.services().get("orders")).isPresent();
            }
            assertThatThrownBy(() -> Store.etcd(settings(etcd, null, null, null, "root", "wrong", prefix, "b"),
                    StoreOptions.DEFAULT).close())
                    .as("a wrong password").isInstanceOf(StoreException.class).hasMessageContaining("etcd");
            assertThatThrownBy(() -> Store.etcd(settings(etcd, null, null, null, null, null, prefix, "c"),
                    StoreOptions.DEFAULT).close())
                    .as("no user").isInstanceOf(StoreException.class).hasMessageContaining("etcd");
        }
    }

    private static EtcdStoreSettings settings(EtcdCluster etcd, Path caFile, Path certFile, Path keyFile, String user,
                                              String password, String prefix, String replica) {
        return new EtcdStoreSettings(etcd.clientUrls().stream().map(URI::create).toList(), caFile, certFile, keyFile,
                user, password, prefix, TIMEOUT, EtcdStoreSettings.DEFAULT_LEADER_LEASE, replica);
    }

    /** A call of etcd's JSON gateway (plain HTTP, before auth is enabled); it must answer 200. */
    private static void gateway(String url, String path, String body) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    }
}
