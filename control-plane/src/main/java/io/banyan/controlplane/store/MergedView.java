package io.banyan.controlplane.store;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * A mirror's map with a write's own changes over it ({@code changes}: key → new value, null for removed), read as one
 * sorted map without copying the mirror's. Used by the etcd backend for reads and for the writes it runs.
 */
final class MergedView implements SortedView {

    private final NavigableMap<String, EtcdMirror.Stamped> base;
    private final NavigableMap<String, String> changes;

    MergedView(NavigableMap<String, EtcdMirror.Stamped> base, NavigableMap<String, String> changes) {
        this.base = base;
        this.changes = changes;
    }

    @Override
    public String get(String key) {
        if (changes.containsKey(key)) {
            return changes.get(key);
        }
        EtcdMirror.Stamped stamped = base.get(key);
        return stamped == null ? null : stamped.value();
    }

    @Override
    public String firstKey() {
        return next(null, true);
    }

    @Override
    public String lastKey() {
        return next(null, false);
    }

    @Override
    public String lowerKey(String key) {
        return next(key, false);
    }

    /** The nearest present key beyond {@code from} (null: from the start, or the end) going up or down. */
    private String next(String from, boolean up) {
        String baseKey = from == null ? (up ? firstOf(base) : lastOf(base))
                : (up ? base.higherKey(from) : base.lowerKey(from));
        while (baseKey != null && changes.containsKey(baseKey) && changes.get(baseKey) == null) {
            baseKey = up ? base.higherKey(baseKey) : base.lowerKey(baseKey);
        }
        String changeKey = from == null ? (up ? firstOf(changes) : lastOf(changes))
                : (up ? changes.higherKey(from) : changes.lowerKey(from));
        while (changeKey != null && changes.get(changeKey) == null) {
            changeKey = up ? changes.higherKey(changeKey) : changes.lowerKey(changeKey);
        }
        if (baseKey == null || changeKey == null) {
            return baseKey == null ? changeKey : baseKey;
        }
        boolean baseFirst = up ? baseKey.compareTo(changeKey) <= 0 : baseKey.compareTo(changeKey) >= 0;
        return baseFirst ? baseKey : changeKey;
    }

    private static String firstOf(NavigableMap<String, ?> map) {
        return map.isEmpty() ? null : map.firstKey();
    }

    private static String lastOf(NavigableMap<String, ?> map) {
        return map.isEmpty() ? null : map.lastKey();
    }

    @Override
    public int size() {
        int size = base.size();
        for (Map.Entry<String, String> change : changes.entrySet()) {
            boolean inBase = base.containsKey(change.getKey());
            if (change.getValue() == null && inBase) {
                size--;
            } else if (change.getValue() != null && !inBase) {
                size++;
            }
        }
        return size;
    }

    @Override
    public List<Map.Entry<String, String>> entries() {
        List<Map.Entry<String, String>> entries = new ArrayList<>();
        Iterator<Map.Entry<String, EtcdMirror.Stamped>> fromBase = base.entrySet().iterator();
        Iterator<Map.Entry<String, String>> fromChanges = changes.entrySet().iterator();
        Map.Entry<String, EtcdMirror.Stamped> b = fromBase.hasNext() ? fromBase.next() : null;
        Map.Entry<String, String> c = fromChanges.hasNext() ? fromChanges.next() : null;
        while (b != null || c != null) {
            int order = b == null ? 1 : c == null ? -1 : b.getKey().compareTo(c.getKey());
            if (order < 0) {
                entries.add(new AbstractMap.SimpleImmutableEntry<>(b.getKey(), b.getValue().value()));
                b = fromBase.hasNext() ? fromBase.next() : null;
            } else {
                if (c.getValue() != null) {
                    entries.add(new AbstractMap.SimpleImmutableEntry<>(c.getKey(), c.getValue()));
                }
                if (order == 0) {
                    b = fromBase.hasNext() ? fromBase.next() : null;
                }
                c = fromChanges.hasNext() ? fromChanges.next() : null;
            }
        }
        return entries;
    }
}
