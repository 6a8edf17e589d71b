package io.banyan.controlplane.store;

/**
 * Told of the changes to the store that another control-plane replica made (never of this replica's own writes: the
 * writer applied those already), in the store's commit order, on the store's one follower thread. The embedded store
 * has one writer and never calls it. A follower must not block for long and must not wait on a write of the store.
 */
public interface StoreFollower {

    /** Entry {@code key} of map {@code map} is now {@code value}, the stored text ({@code null}: removed). */
    void changed(String map, String key, String value);

    /**
     * The store lost track of the changes (its watch was cut off and it re-read everything): whatever the follower
     * holds may differ from the store in any map; re-read it all. Called after the store's reads show the new state.
     */
    void reloaded();
}
