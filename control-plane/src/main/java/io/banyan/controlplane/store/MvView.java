package io.banyan.controlplane.store;

import org.h2.mvstore.MVMap;

import java.util.List;
import java.util.Map;

/** An MVStore map as a {@link SortedView}. */
record MvView(MVMap<String, String> map) implements SortedView {

    @Override
    public String get(String key) {
        return map.get(key);
    }

    @Override
    public String firstKey() {
        return map.firstKey();
    }

    @Override
    public String lastKey() {
        return map.lastKey();
    }

    @Override
    public String lowerKey(String key) {
        return map.lowerKey(key);
    }

    @Override
    public int size() {
        return map.size();
    }

    @Override
    public List<Map.Entry<String, String>> entries() {
        return List.copyOf(map.entrySet());
    }
}
