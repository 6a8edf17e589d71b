package io.banyan.controlplane.replica;

import java.util.Collection;
import java.util.TreeSet;
import java.util.function.Predicate;

/** How a book re-reads everything after the store lost its watch: every key it holds or the store holds, once. */
public final class Reread {

    private Reread() {
    }

    /**
     * Calls {@code follow} (re-read one key; whether what is held changed) for every key of {@code held} and
     * {@code stored}, each once, in order; returns whether any changed.
     */
    public static boolean all(Collection<String> held, Collection<String> stored, Predicate<String> follow) {
        TreeSet<String> keys = new TreeSet<>(held);
        keys.addAll(stored);
        boolean changed = false;
        for (String key : keys) {
            changed |= follow.test(key);
        }
        return changed;
    }
}
