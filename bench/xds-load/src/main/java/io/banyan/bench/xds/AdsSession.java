package io.banyan.bench.xds;

import io.banyan.dataplane.xds.XdsType;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.grpc.Channel;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * One generated node's ADS stream: subscribes like a sidecar (Clusters and Listeners by wildcard, then the
 * endpoints and routes they name), ACKs every response right after applying it, and then reports the ACK's time to
 * its {@link Listener}. Callbacks of one stream run one at a time (gRPC serializes them).
 */
public abstract class AdsSession {

    /** Told after each response was applied and ACKed. */
    public interface Listener {
        void applied(AdsSession session, long ackNanos);

        void failed(AdsSession session, Throwable cause);
    }

    /** Responses and bytes received by all sessions. */
    public static final class Traffic {
        final LongAdder responses = new LongAdder();
        final LongAdder bytes = new LongAdder();

        public long responses() {
            return responses.sum();
        }

        public long bytes() {
            return bytes.sum();
        }
    }

    protected final Node node;
    protected final NodeState state;
    private final Listener listener;
    private final Traffic traffic;
    private final LongSupplier nanoTime;
    private final AtomicBoolean failed = new AtomicBoolean();
    private volatile boolean stopping;

    protected AdsSession(Node node, NodeState state, Listener listener, Traffic traffic, LongSupplier nanoTime) {
        this.node = Objects.requireNonNull(node, "node");
        this.state = Objects.requireNonNull(state, "state");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.traffic = Objects.requireNonNull(traffic, "traffic");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    public static AdsSession of(XdsProtocol protocol, Node node, NodeState state, Listener listener, Traffic traffic,
                                LongSupplier nanoTime) {
        return protocol == XdsProtocol.DELTA ? new DeltaAdsSession(node, state, listener, traffic, nanoTime)
                : new SotwAdsSession(node, state, listener, traffic, nanoTime);
    }

    public NodeState state() {
        return state;
    }

    public boolean failed() {
        return failed.get();
    }

    /** Opens the stream on {@code channel} and subscribes to Clusters and Listeners. */
    public abstract void start(Channel channel);

    /** Ends the stream; its end is then no failure. */
    public final void stop() {
        stopping = true;
        end();
    }

    protected abstract void end();

    protected final void received(int bytes) {
        traffic.responses.increment();
        traffic.bytes.add(bytes);
    }

    protected final void acked() {
        listener.applied(this, nanoTime.getAsLong());
    }

    protected final void fail(Throwable cause) {
        if (!stopping && failed.compareAndSet(false, true)) {
            listener.failed(this, cause);
        }
    }

    /** The names a sidecar subscribes to for a by-name type, learned from what it holds. */
    protected final Set<String> wanted(XdsType type) {
        return type == XdsType.ENDPOINT ? state.endpointNames() : state.routeNames();
    }
}
