package io.banyan.controlplane.xds;

import io.banyan.certs.SpiffeId;
import io.banyan.controlplane.xds.snapshot.SidecarNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Which ADS streams may hold node state, and for how long that state lives. A stream's node is admitted when
 * its service is the one its workload certificate proves, its node id is not held by a connected node of another
 * service, its identity holds fewer than {@link XdsLimits#maxStreamsPerIdentity()} streams, and there is room
 * among {@link XdsLimits#maxNodes()} (the node idle longest makes room). A node is forgotten — {@code forget}
 * is told its id — {@link XdsLimits#retention()} after its last stream ended. Thread-safe; never blocks.
 */
public final class NodeAdmission implements AutoCloseable {

    private static final Duration MIN_SWEEP = Duration.ofMillis(100);
    private static final Duration MAX_SWEEP = Duration.ofSeconds(30);

    private final XdsLimits limits;
    private final Clock clock;
    private final Consumer<String> forget;
    private final Map<Long, Admitted> streams = new HashMap<>();
    private final Map<String, TrackedNode> nodes = new HashMap<>();
    private final Map<String, Integer> streamsPerIdentity = new HashMap<>();
    private final ScheduledExecutorService sweeper;

    /**
     * @param forget told (under this object's lock, so it must only hand the id on) the id of every node whose
     *               state is to be released
     */
    public NodeAdmission(XdsLimits limits, Clock clock, Consumer<String> forget) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.forget = Objects.requireNonNull(forget, "forget");
        this.sweeper = SingleThreadScheduler.named("banyan-xds-nodes");
        long sweepMillis = Math.min(Math.max(limits.retention().toMillis() / 2, MIN_SWEEP.toMillis()), MAX_SWEEP.toMillis());
        sweeper.scheduleWithFixedDelay(this::expire, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
    }

    /** Admits the node of a stream's first request, or says why not; nothing is kept for a refused stream. */
    synchronized void admit(long streamId, SpiffeId identity, SidecarNode node) throws NodeRefusedException {
        if (streams.containsKey(streamId)) {
            return;
        }
        String service = identity.service();
        if (!service.equals(node.service())) {
            throw new NodeRefusedException(StreamRefusal.PERMISSION_DENIED, "node '" + node.id() + "' claims "
                    + (node.service().isEmpty() ? "no service"
                    : "service '" + node.service() + "' (" + idOf(identity, node.service()) + ")")
                    + " but its certificate is " + identity + " (expected: a node of service '" + service
                    + "', in node metadata BANYAN_SERVICE or node.cluster)");
        }
        int open = streamsPerIdentity.getOrDefault(service, 0);
        if (open >= limits.maxStreamsPerIdentity()) {
            throw new NodeRefusedException(StreamRefusal.STREAM_LIMIT, identity + ": " + open
                    + " open ADS streams (expected: at most " + limits.maxStreamsPerIdentity()
                    + " per identity, xds-max-streams-per-identity)");
        }
        TrackedNode tracked = nodes.get(node.id());
        if (tracked != null && tracked.streams > 0 && !tracked.service.equals(service)) {
            throw new NodeRefusedException(StreamRefusal.PERMISSION_DENIED, "node '" + node.id() + "' is connected as "
                    + idOf(identity, tracked.service) + ", not " + identity
                    + " (expected: a node id no other service uses)");
        }
        if (tracked == null) {
            makeRoom();
            tracked = new TrackedNode();
            nodes.put(node.id(), tracked);
        }
        tracked.service = service;
        tracked.streams++;
        tracked.idleSince = null;
        streams.put(streamId, new Admitted(node.id(), service));
        streamsPerIdentity.merge(service, 1, Integer::sum);
    }

    /** A stream ended; its node turns idle when it was the last. Unknown (refused) streams are ignored. */
    synchronized void release(long streamId) {
        Admitted admitted = streams.remove(streamId);
        if (admitted == null) {
            return;
        }
        streamsPerIdentity.computeIfPresent(admitted.service, (service, open) -> open > 1 ? open - 1 : null);
        TrackedNode tracked = nodes.get(admitted.nodeId);
        if (tracked != null && --tracked.streams <= 0) {
            tracked.streams = 0;
            tracked.idleSince = clock.instant();
        }
    }

    /** Forgets every node idle for the retention or longer. Runs on the sweeper; callable from tests. */
    synchronized void expire() {
        Instant now = clock.instant();
        Iterator<Map.Entry<String, TrackedNode>> it = nodes.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, TrackedNode> entry = it.next();
            Instant idleSince = entry.getValue().idleSince;
            if (idleSince != null && !idleSince.plus(limits.retention()).isAfter(now)) {
                it.remove();
                forget.accept(entry.getKey());
            }
        }
    }

    /** Nodes tracked now: connected, or idle within the retention. */
    public synchronized int trackedNodes() {
        return nodes.size();
    }

    private void makeRoom() throws NodeRefusedException {
        if (nodes.size() < limits.maxNodes()) {
            return;
        }
        expire();
        String idlest = null;
        Instant oldest = null;
        for (Map.Entry<String, TrackedNode> entry : nodes.entrySet()) {
            Instant idleSince = entry.getValue().idleSince;
            if (idleSince != null && (oldest == null || idleSince.isBefore(oldest))) {
                idlest = entry.getKey();
                oldest = idleSince;
            }
        }
        if (nodes.size() < limits.maxNodes()) {
            return;
        }
        if (idlest == null) {
            throw new NodeRefusedException(StreamRefusal.NODE_LIMIT, nodes.size()
                    + " xDS nodes connected (expected: at most " + limits.maxNodes() + ", xds-max-nodes)");
        }
        nodes.remove(idlest);
        forget.accept(idlest);
    }

    /** The id a service would have in the identity's trust domain (the claim may not be a valid service name). */
    private static String idOf(SpiffeId identity, String service) {
        return "spiffe://" + identity.trustDomain() + "/svc/" + service;
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }

    private record Admitted(String nodeId, String service) {
    }

    private static final class TrackedNode {
        String service;
        int streams;
        Instant idleSince;
    }
}
