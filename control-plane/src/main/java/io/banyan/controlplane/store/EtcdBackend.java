package io.banyan.controlplane.store;

abstract class EtcdBackend implements StoreBackend {
    static StoreBackend open(EtcdStoreSettings settings, StoreOptions options) {
        throw new UnsupportedOperationException();
    }
}
