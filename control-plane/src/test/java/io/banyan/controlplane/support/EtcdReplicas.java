package io.banyan.controlplane.support;

import io.banyan.controlplane.store.EtcdStoreSettings;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoreOptions;
import io.banyan.testkit.etcd.EtcdCluster;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Control-plane replicas' stores on one real etcd member, for a test class ({@code @RegisterExtension static}): the
 * member starts before the class and stops after it; each test gets a key prefix of its own, and the stores (and
 * whatever else it hands to {@link #closeAfter}) it opened are closed after it, newest first.
 */
public final class EtcdReplicas implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private EtcdCluster etcd;
    private String prefix;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @Override
    public void beforeAll(ExtensionContext context) {
        assumeTrue(EtcdCluster.available(), "etcd is not installed (/usr/bin/etcd)");
        etcd = EtcdCluster.start(1);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        prefix = "/banyan-" + UUID.randomUUID() + "/";
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        opened.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (etcd != null) {
            etcd.close();
        }
    }

    /** The store of replica {@code name} under this test's prefix, with the default settings. */
    public Store replica(String name) {
        return replica(name, UnaryOperator.identity());
    }

    /** As {@link #replica(String)}, its settings changed by {@code settings} (lease, timeout). */
    public Store replica(String name, UnaryOperator<EtcdStoreSettings> settings) {
        List<URI> endpoints = etcd.clientUrls().stream().map(URI::create).toList();
        return closeAfter(Store.etcd(settings.apply(EtcdStoreSettings.of(endpoints, name).withPrefix(prefix)),
                StoreOptions.DEFAULT));
    }

    /** Closes {@code closeable} after the test, before what was opened earlier. */
    public <T extends AutoCloseable> T closeAfter(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    /** This test's key prefix. */
    public String prefix() {
        return prefix;
    }

    public EtcdCluster etcd() {
        return etcd;
    }
}
