package io.banyan.controlplane.store;

import org.h2.mvstore.MVMap;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Function;

/**
 * The embedded store's {@link StoreMaps}: writes go to the MVStore maps at once, each journalled with the value it
 * replaced, so a write that fails half-way is undone ({@link #undo}) before anything is committed.
 */
final class JournaledMaps implements StoreMaps {

    private record Replaced(MVMap<String, String> map, String key, String value) {
    }

    private final Function<String, MVMap<String, String>> maps;
    private final Deque<Replaced> journal = new ArrayDeque<>();

    JournaledMaps(Function<String, MVMap<String, String>> maps) {
        this.maps = maps;
    }

    @Override
    public String get(String map, String key) {
        return maps.apply(map).get(key);
    }

    @Override
    public void put(String map, String key, String value) {
        MVMap<String, String> target = maps.apply(map);
        journal.push(new Replaced(target, key, target.put(key, value)));
    }

    @Override
    public String remove(String map, String key) {
        MVMap<String, String> target = maps.apply(map);
        String previous = target.remove(key);
        journal.push(new Replaced(target, key, previous));
        return previous;
    }

    @Override
    public SortedView reading(String map) {
        return new MvView(maps.apply(map));
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
