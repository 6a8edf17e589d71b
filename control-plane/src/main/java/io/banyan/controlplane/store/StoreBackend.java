package io.banyan.controlplane.store;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Where the store's maps live: the embedded MVStore file ({@link EmbeddedBackend}) or etcd ({@link EtcdBackend}).
 * {@link Store} and its {@link DurableMap}s, {@link StoreBatch}es and {@link RevisionLog} read and write through it
 * by map name, never knowing which.
 */
interface StoreBackend extends AutoCloseable {

    /** Map {@code name} to read (never touching the disk's or the network's failures: reads answer from memory). */
    SortedView map(String name);

    /**
     * Runs {@code change} against the maps as one write: all of its changes, or none. The future completes with its
     * result once the write is durable (synced, or committed by etcd's quorum), or fails (nothing acknowledged).
     *
     * @throws StoreUnavailableException at once when the backend takes no writes now (nothing is applied)
     */
    <T> CompletableFuture<T> write(Function<StoreMaps, T> change);

    boolean available();

    Optional<String> unavailableCause();

    /** Where the maps live, for messages ({@code /data/banyan.mv.db}, {@code etcd /banyan/}). */
    String where();

    long syncs();

    long durableWrites();

    void follow(StoreFollower follower);

    Leadership leadership();

    void sync();

    String replica();

    boolean replicated();

    @Override
    void close();
}
