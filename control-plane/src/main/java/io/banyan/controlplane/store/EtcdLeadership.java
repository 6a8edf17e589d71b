package io.banyan.controlplane.store;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.election.CampaignResponse;
import io.etcd.jetcd.election.LeaderKey;
import io.etcd.jetcd.lease.LeaseGrantResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The leadership on etcd: an election named {@code <prefix>leader} (etcd's election API: the candidate whose key, bound
 * to its lease, was created first leads; the value is the replica's name), over a lease of {@code --leader-lease} kept
 * alive by this replica. It stops leading as soon as the lease is lost or its {@link LeaseWindow} closes: three
 * quarters of the TTL etcd granted, counted from when the last successful grant or keep-alive was sent (the leader cut
 * off from etcd stops before etcd lets the lease expire and another replica can take over), then campaigns again with
 * a new lease.
 * {@link #close} resigns, so that another replica takes over at once on a clean shutdown.
 */
final class EtcdLeadership implements Leadership, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EtcdLeadership.class);

    private final Client client;
    private final EtcdKeys keys;
    private final String replica;
    private final Duration lease;
    private final Duration timeout;
    private final LeaseWindow window;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService notifier = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "banyan-store-leadership");
        thread.setDaemon(true);
        return thread;
    });
    private final Thread campaigner;
    private volatile boolean leader;
    private volatile boolean closed;

    EtcdLeadership(Client client, EtcdKeys keys, String replica, Duration lease, Duration timeout, Clock clock) {
        this.client = client;
        this.keys = keys;
        this.replica = replica;
        this.lease = lease;
        this.timeout = timeout;
        this.window = new LeaseWindow(clock);
        this.campaigner = new Thread(this::campaignForever, "banyan-store-election");
        campaigner.setDaemon(true);
    }

    EtcdLeadership start() {
        campaigner.start();
        return this;
    }

    @Override
    public boolean isLeader() {
        return leader && leaseAlive();
    }

    @Override
    public void addListener(Listener listener) {
        notifier.execute(() -> {
            listeners.add(listener);
            listener.leading(leader);
        });
    }

    private void lead(boolean now) {
        if (leader == now) {
            return;
        }
        leader = now;
        log.info(now ? "replica {} leads (etcd election {})" : "replica {} no longer leads (etcd election {})",
                replica, keys.leader().toString(java.nio.charset.StandardCharsets.UTF_8));
        notifier.execute(() -> listeners.forEach(listener -> listener.leading(now)));
    }

    private boolean leaseAlive() {
        return window.alive();
    }

    private void campaignForever() {
        int failures = 0;
        while (!closed) {
            try {
                campaignOnce();
                failures = 0;
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                failures++;
                log.debug("leader election: {} (attempt {})", e.toString(), failures);
            }
            lead(false);
            if (!closed) {
                try {
                    synchronized (this) {
                        wait(Math.min(lease.toMillis(), 250L << Math.min(failures, 5)));
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Grants a lease, campaigns with it, leads while it lives; returns once it is lost (or closing). */
    private void campaignOnce() throws Exception {
        Instant sentAt = window.sending();
        LeaseGrantResponse grant = client.getLeaseClient().grant(lease.toSeconds())
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        long leaseId = grant.getID();
        window.granted(sentAt, grant.getTTL());
        Thread keepAlive = new Thread(() -> keepAlive(leaseId), "banyan-store-lease");
        keepAlive.setDaemon(true);
        keepAlive.start();
        LeaderKey key = null;
        try {
            CompletableFuture<CampaignResponse> campaign = client.getElectionClient()
                    .campaign(keys.leader(), leaseId, EtcdKeys.bytes(replica));
            while (key == null) {
                if (closed || !leaseAlive()) {
                    campaign.cancel(true);
                    return;
                }
                try {
                    key = campaign.get(Math.max(100, lease.toMillis() / 4), TimeUnit.MILLISECONDS).getLeader();
                } catch (TimeoutException e) {
                    // still campaigning: check the lease again
                }
            }
            lead(true);
            synchronized (this) {
                while (!closed && leaseAlive()) {
                    wait(Math.max(100, lease.toMillis() / 4));
                }
            }
            lead(false);
        } finally {
            keepAlive.interrupt();
            if (key != null && closed) {
                try {
                    client.getElectionClient().resign(key).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    log.debug("resigning the leadership: {}", e.toString());
                }
            }
            try { // best effort: an unrevoked lease expires by itself
                client.getLeaseClient().revoke(leaseId).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                log.debug("revoking the leadership's lease: {}", e.toString());
            }
        }
    }

    /**
     * Renews the lease every third of its TTL until interrupted or lost (a lease etcd no longer knows answers TTL 0 or
     * an error); a renewal that fails is retried at the next tick: {@link #isLeader} turns false once the window of
     * the last one that succeeded has closed.
     */
    private void keepAlive(long leaseId) {
        long every = Math.max(100, lease.toMillis() / 3);
        while (!closed && !Thread.currentThread().isInterrupted()) {
            try {
                Instant sentAt = window.sending();
                long ttl = client.getLeaseClient().keepAliveOnce(leaseId)
                        .get(Math.min(every, timeout.toMillis()), TimeUnit.MILLISECONDS).getTTL();
                window.renewed(sentAt, ttl);
                if (ttl <= 0) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (EtcdErrors.unwrap(e) instanceof io.etcd.jetcd.lease.NoSuchLeaseException) {
                    window.lost();
                    return;
                }
                log.debug("renewing the leadership's lease: {}", e.toString());
            }
            try {
                Thread.sleep(every); // the renewal period (production pacing, not a test wait)
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            notifyAll();
        }
        try {
            campaigner.join(timeout.toMillis() * 2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lead(false);
        notifier.shutdown();
    }
}
