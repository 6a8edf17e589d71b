package io.banyan.controlplane.store;

import org.h2.mvstore.MVMap;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Function;

/**
 * The maps as one multi-map write sees them: every put and remove is journalled with the value it replaced, so a
 * write that fails half-way is undone ({@link #undo}) before anything is committed.
 */
final class StoreMaps {

    private record Replaced(MVMap<String, String> map, String key, String value) {
    }

    private final Function<String, MVMap<String, String>> maps;
    private final Deque<Replaced> journal = new ArrayDeque<>();

    StoreMaps(Function<String, MVMap<String, String>> maps) {
        this.maps = maps;
    }

    String get(String map, String key) {
        return maps.apply(map).get(key);
    }

    void put(String map, String key, String value) {
        MVMap<String, String> target = maps.apply(map);
        journal.push(new Replaced(target, key, target.put(key, value)));
    }

    void remove(String map, String key) {
        MVMap<String, String> target = maps.apply(map);
        journal.push(new Replaced(target, key, target.remove(key)));
    }

    /** The map itself, to read (never to write: writes go through {@link #put} and {@link #remove}). */
    MVMap<String, String> reading(String map) {
        return maps.apply(map);
    }

    /** Puts back every value replaced, newest first. */
    void undo() {
        while (!journal.isEmpty()) {
            Replaced replaced = journal.pop();
            if (replaced.value() == null) {
                replaced.map().remove(replaced.key());
            } else {
                replaced.map().put(replaced.key(), replaced.value());
            }
        }
    }
}
