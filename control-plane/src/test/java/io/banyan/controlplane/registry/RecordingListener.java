package io.banyan.controlplane.registry;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Collects snapshots in delivery order; {@link #next()} waits (bounded) for the next one. */
public final class RecordingListener implements RegistryListener {

    private final BlockingQueue<RegistrySnapshot> snapshots = new LinkedBlockingQueue<>();
    private volatile Thread lastThread;

    @Override
    public void onChange(RegistrySnapshot snapshot) {
        lastThread = Thread.currentThread();
        snapshots.add(snapshot);
    }

    public RegistrySnapshot next() throws InterruptedException {
        RegistrySnapshot snapshot = snapshots.poll(5, TimeUnit.SECONDS);
        if (snapshot == null) {
            throw new AssertionError("no snapshot within 5 s");
        }
        return snapshot;
    }

    /** Null if nothing arrives within {@code wait} (used to assert that no snapshot is published). */
    public RegistrySnapshot poll(Duration wait) throws InterruptedException {
        return snapshots.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Thread lastThread() {
        return lastThread;
    }
}
