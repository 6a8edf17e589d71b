package io.banyan.controlplane.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;

/**
 * One replica's copy of what etcd holds under the prefix: per map, its entries in key order, each stamped with the
 * etcd revision that last wrote it (its {@code mod_revision}). The store's reads answer from here, never from the
 * network. A change is applied only if it is newer than what the mirror holds for the key, so the watch's copy of a
 * write this replica applied already (with its transaction's revision) is not applied twice, and a late event never
 * undoes a newer one; removed keys keep a tombstone until the watch has passed its revision. Thread-safe.
 */
final class EtcdMirror {

    /** A value and the revision that wrote it. */
    record Stamped(String value, long revision) {
    }

    /** One change the mirror applied: {@code value} null for a removal. */
    record Change(String map, String key, String value) {
    }

    private final Map<String, ConcurrentSkipListMap<String, Stamped>> maps = new ConcurrentHashMap<>();
    /** Removed keys (map + '\0' + key) by the revision that removed them. Guarded by this. */
    private final Map<String, Long> tombstones = new HashMap<>();
    /** The revision the watch has delivered everything up to. Guarded by this. */
    private long watched;

    private ConcurrentSkipListMap<String, Stamped> entries(String map) {
        return maps.computeIfAbsent(map, name -> new ConcurrentSkipListMap<>());
    }

    /** The entry under {@code key} of {@code map}, or null. */
    Stamped get(String map, String key) {
        return entries(map).get(key);
    }

    SortedView view(String map) {
        return new MergedView(entries(map), new java.util.TreeMap<>());
    }

    NavigableMap<String, Stamped> stamped(String map) {
        return entries(map);
    }

    /** Applies {@code value} (null: removed) at {@code revision} unless the mirror holds a newer change of the key. */
    synchronized boolean apply(String map, String key, String value, long revision) {
        ConcurrentSkipListMap<String, Stamped> entries = entries(map);
        Stamped current = entries.get(key);
        Long removedAt = tombstones.get(map + '\0' + key);
        long stamp = current != null ? current.revision() : removedAt != null ? removedAt : 0;
        if (revision <= stamp) {
            return false;
        }
        if (value == null) {
            if (current == null) {
                tombstones.put(map + '\0' + key, revision);
                return false;
            }
            entries.remove(key);
            if (revision > watched) {
                tombstones.put(map + '\0' + key, revision);
            }
            return true;
        }
        tombstones.remove(map + '\0' + key);
        entries.put(key, new Stamped(value, revision));
        return true;
    }

    /** The watch has delivered every change up to {@code revision}: older tombstones can go; waiters wake. */
    synchronized void watched(long revision) {
        if (revision <= watched) {
            return;
        }
        watched = revision;
        tombstones.values().removeIf(removedAt -> removedAt <= revision);
        notifyAll();
    }

    synchronized long watched() {
        return watched;
    }

    /** Waits until the watch has delivered every change up to {@code revision}; returns whether it did in time. */
    synchronized boolean awaitWatched(long revision, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (watched < revision) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /**
     * Replaces everything with {@code read} (map → key → value, read at {@code revision}); returns what changed, so
     * that followers can be told. What the mirror holds newer than {@code revision} (this replica's writes applied
     * after the read: entries, and the tombstones of removals) is kept, so reads never go back in time and the watch's
     * copy of those writes is not applied again.
     */
    synchronized List<Change> replace(Map<String, Map<String, Stamped>> read, long revision) {
        List<Change> changes = new ArrayList<>();
        for (Map.Entry<String, ConcurrentSkipListMap<String, Stamped>> map : maps.entrySet()) {
            Map<String, Stamped> now = read.getOrDefault(map.getKey(), Map.of());
            for (Iterator<Map.Entry<String, Stamped>> it = map.getValue().entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Stamped> entry = it.next();
                if (!now.containsKey(entry.getKey()) && entry.getValue().revision() <= revision) {
                    it.remove();
                    changes.add(new Change(map.getKey(), entry.getKey(), null));
                }
            }
        }
        tombstones.values().removeIf(removedAt -> removedAt <= revision);
        for (Map.Entry<String, Map<String, Stamped>> map : read.entrySet()) {
            ConcurrentSkipListMap<String, Stamped> entries = entries(map.getKey());
            for (Map.Entry<String, Stamped> entry : map.getValue().entrySet()) {
                Stamped held = entries.get(entry.getKey());
                if ((held != null && held.revision() > revision)
                        || tombstones.containsKey(map.getKey() + '\0' + entry.getKey())) {
                    continue; // written or removed here after the read
                }
                entries.put(entry.getKey(), entry.getValue());
                if (held == null || !held.value().equals(entry.getValue().value())) {
                    changes.add(new Change(map.getKey(), entry.getKey(), entry.getValue().value()));
                }
            }
        }
        watched = Math.max(watched, revision);
        notifyAll();
        return changes;
    }
}
