package io.banyan.controlplane.store;

import java.util.List;
import java.util.Map;

/**
 * One map of the store as its readers see it, whatever the backend: string keys in sorted order, string values (the
 * stored text). Read-only: writes go through {@link StoreMaps}.
 */
interface SortedView {

    /** The value under {@code key}, or null. */
    String get(String key);

    /** The smallest key, or null when empty. */
    String firstKey();

    /** The largest key, or null when empty. */
    String lastKey();

    /** The largest key below {@code key}, or null. */
    String lowerKey(String key);

    int size();

    /** A copy of every entry, in key order. */
    List<Map.Entry<String, String>> entries();
}
