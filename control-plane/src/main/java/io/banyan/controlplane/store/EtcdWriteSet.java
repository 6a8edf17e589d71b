package io.banyan.controlplane.store;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one etcd transaction holds: the entries its writes read from the mirror, each with the revision it had then
 * (0: absent), to compare; and the entries they write (null: remove), per map. Not thread-safe (the writer's thread).
 */
final class EtcdWriteSet {

    /** An entry read, by map and key. */
    record Read(String map, String key) {
    }

    private final Map<Read, Long> reads = new LinkedHashMap<>();
    private final Map<String, TreeMap<String, String>> writes = new HashMap<>();
    private int operations;
    private long bytes;

    Map<Read, Long> reads() {
        return reads;
    }

    Map<String, TreeMap<String, String>> writes() {
        return writes;
    }

    /** The changes to {@code map}, null when none. */
    TreeMap<String, String> writes(String map) {
        return writes.get(map);
    }

    boolean wrote(String map, String key) {
        TreeMap<String, String> changes = writes.get(map);
        return changes != null && changes.containsKey(key);
    }

    void read(String map, String key, long revision) {
        reads.putIfAbsent(new Read(map, key), revision);
    }

    void write(String map, String key, String value) {
        TreeMap<String, String> changes = writes.computeIfAbsent(map, name -> new TreeMap<>());
        if (!changes.containsKey(key)) {
            operations++;
        }
        changes.put(key, value);
        bytes += map.length() + key.length() + (value == null ? 0 : value.length()) + 16;
    }

    /** Adds {@code other}'s reads (unless this set wrote the entry: then it is not read from etcd) and writes. */
    void add(EtcdWriteSet other) {
        for (Map.Entry<Read, Long> read : other.reads.entrySet()) {
            if (!wrote(read.getKey().map(), read.getKey().key())) {
                reads.putIfAbsent(read.getKey(), read.getValue());
            }
        }
        for (Map.Entry<String, TreeMap<String, String>> map : other.writes.entrySet()) {
            for (Map.Entry<String, String> entry : map.getValue().entrySet()) {
                write(map.getKey(), entry.getKey(), entry.getValue());
            }
        }
    }

    int operations() {
        return operations;
    }

    int compares() {
        return reads.size();
    }

    long bytes() {
        return bytes;
    }

    boolean isEmpty() {
        return operations == 0 && reads.isEmpty();
    }
}
