package io.banyan.controlplane.store;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The etcd store's settings: each bad value named with what was expected; the password never printed. */
class EtcdStoreSettingsTest {

    private static final List<URI> ENDPOINTS = List.of(URI.create("http://127.0.0.1:2379"));

    @Test
    void thePasswordIsNeverPrinted() {
        EtcdStoreSettings settings = new EtcdStoreSettings(ENDPOINTS, null, null, null, "banyan", "s3cret", "/banyan/",
                Duration.ofSeconds(5), Duration.ofSeconds(10), "cp-1");

        assertThat(settings.toString()).contains("banyan", "cp-1").doesNotContain("s3cret");
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> EtcdStoreSettings.of(List.of(URI.create("http://no-port")), "a"))
                .hasMessage("etcd-endpoints: 'http://no-port' (expected: http://HOST:PORT or https://HOST:PORT)");
        assertThatThrownBy(() -> EtcdStoreSettings.of(List.of(), "a"))
                .hasMessageStartingWith("etcd-endpoints: empty");
        assertThatThrownBy(() -> EtcdStoreSettings.of(ENDPOINTS, "a").withPrefix("banyan"))
                .hasMessageStartingWith("etcd-prefix: 'banyan' (expected: a key prefix starting and ending with '/'");
        assertThatThrownBy(() -> EtcdStoreSettings.of(ENDPOINTS, "a").withTimeout(Duration.ZERO))
                .hasMessage("etcd-timeout: 0s (expected: > 0)");
        assertThatThrownBy(() -> EtcdStoreSettings.of(ENDPOINTS, "a").withLeaderLease(Duration.ofMillis(2500)))
                .hasMessage("leader-lease: 2500ms (expected: at least 2s, in whole seconds;"
                        + " etcd leases count in whole seconds)");
        assertThatThrownBy(() -> EtcdStoreSettings.of(ENDPOINTS, "a").withLeaderLease(Duration.ofSeconds(1)))
                .hasMessageStartingWith("leader-lease: 1s (expected: at least 2s");
        assertThat(EtcdStoreSettings.of(ENDPOINTS, "a").withLeaderLease(Duration.ofSeconds(2)).leaderLease())
                .hasSeconds(2);
        assertThatThrownBy(() -> EtcdStoreSettings.of(ENDPOINTS, "has space"))
                .hasMessageStartingWith("replica-name: 'has space'");
        assertThatThrownBy(() -> new EtcdStoreSettings(ENDPOINTS, null, Path.of("cert.pem"), null, null, null,
                "/banyan/", Duration.ofSeconds(5), Duration.ofSeconds(10), "a"))
                .hasMessageContaining("etcd-cert-file given alone (expected: both");
    }
}
