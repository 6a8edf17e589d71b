package io.banyan.controlplane.replica;

import io.banyan.controlplane.store.Leadership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * A duty that must run once in the mesh (a controller): it acts only while this replica leads (it asks
 * {@link Leadership#isLeader} before each round), and it takes over at once, on its own executor, when this replica becomes the leader. The state at
 * construction counts as known: on the embedded store (always the leader) nothing is taken over.
 */
public final class LeaderDuty implements Leadership.Listener {

    private static final Logger log = LoggerFactory.getLogger(LeaderDuty.class);

    private final String name;
    private final Executor executor;
    private final Runnable takeOver;
    private boolean leading;

    private LeaderDuty(String name, Leadership leadership, Executor executor, Runnable takeOver) {
        this.name = Objects.requireNonNull(name, "name");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.takeOver = Objects.requireNonNull(takeOver, "takeOver");
        this.leading = leadership.isLeader();
    }

    /**
     * Follows {@code leadership}: each time this replica becomes the leader, {@code takeOver} runs on
     * {@code executor} (the duty's own thread).
     */
    public static LeaderDuty follow(String name, Leadership leadership, Executor executor, Runnable takeOver) {
        LeaderDuty duty = new LeaderDuty(name, leadership, executor, takeOver);
        leadership.addListener(duty);
        return duty;
    }

    @Override
    public synchronized void leading(boolean leader) {
        boolean gained = leader && !leading;
        if (leader != leading) {
            log.info(leader ? "this replica leads: {} runs here" : "this replica no longer leads: {} stops here", name);
        }
        leading = leader;
        if (gained) {
            try {
                executor.execute(takeOver);
            } catch (RejectedExecutionException e) {
                log.debug("{} closed; not taken over", name);
            }
        }
    }
}
