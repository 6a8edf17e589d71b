package io.banyan.controlplane.store;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one etcd transaction holds: the entries its writes read from the mirror, each with the revision it had then
 * (0: absent), to compare; and the entries they write (null: remove), per map; and what those weigh in UTF-8 bytes. Not thread-safe (the writer's thread).
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
        bytes += entryBytes(map, key, value);
    }

    /** What an entry weighs in a transaction: its map, key and value in UTF-8, plus 16 for the request's framing. */
    static long entryBytes(String map, String key, String value) {
        return utf8Length(map) + utf8Length(key) + (value == null ? 0 : utf8Length(value)) + 16;
    }

    /** The length of {@code text} in UTF-8, without encoding it. */
    static long utf8Length(String text) {
        long length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                length += 4; // one code point beyond the BMP: two chars, four bytes
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }

    /** The largest entry this set writes, or null when it writes none. */
    Written largest() {
        Written largest = null;
        for (Map.Entry<String, TreeMap<String, String>> map : writes.entrySet()) {
            for (Map.Entry<String, String> entry : map.getValue().entrySet()) {
                long size = entryBytes(map.getKey(), entry.getKey(), entry.getValue());
                if (largest == null || size > largest.bytes()) {
                    largest = new Written(map.getKey(), entry.getKey(), size);
                }
            }
        }
        return largest;
    }

    /** An entry written, and what it weighs ({@link #entryBytes}). */
    record Written(String map, String key, long bytes) {
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
