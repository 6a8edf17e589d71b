package io.banyan.controlplane.replica;

import io.banyan.controlplane.store.Leadership;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A leadership the test hands over and takes back ({@link #set}), telling the listeners as an election would. */
public final class SwitchedLeadership implements Leadership {

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean leader;

    public SwitchedLeadership(boolean leader) {
        this.leader = leader;
    }

    public void set(boolean leader) {
        this.leader = leader;
        listeners.forEach(listener -> listener.leading(leader));
    }

    @Override
    public boolean isLeader() {
        return leader;
    }

    @Override
    public void addListener(Listener listener) {
        listeners.add(listener);
        listener.leading(leader);
    }
}
