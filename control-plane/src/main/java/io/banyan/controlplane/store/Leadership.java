package io.banyan.controlplane.store;

/**
 * Whether this replica holds the leadership of the duties that must run once in the mesh (reaping expired
 * instances, driving migrations and staged rollouts). On etcd it is an election over a lease: a replica that dies or
 * is cut off from etcd loses it within one lease TTL, and another takes it. The embedded store has one replica, always
 * the leader.
 */
public interface Leadership {

    /** Whether this replica leads now (it may stop leading at any moment after: act, then write with a compare). */
    boolean isLeader();

    /** Tells {@code listener} of every change (from its own thread); it first receives the current state. */
    void addListener(Listener listener);

    /** A change of leadership. */
    @FunctionalInterface
    interface Listener {
        void leading(boolean leader);
    }

    /** The leadership of a store with one replica: always this one. */
    Leadership ALONE = new Leadership() {
        @Override
        public boolean isLeader() {
            return true;
        }

        @Override
        public void addListener(Listener listener) {
            listener.leading(true);
        }
    };
}
