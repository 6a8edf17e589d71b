package io.banyan.bench.xds;

import io.banyan.dataplane.xds.XdsType;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
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
    /** Touched only under the subclass's lock (its callbacks and start). */
    private final Map<XdsType, Set<String>> subscribed = new EnumMap<>(XdsType.class);

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

    /** The observer of the stream's responses: each is applied, the stream's end is a failure (unless stopped). */
    protected final <T> StreamObserver<T> responses(Consumer<T> apply) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T response) {
                apply.accept(response);
            }

            @Override
            public void onError(Throwable t) {
                fail(t);
            }

            @Override
            public void onCompleted() {
                fail(new IllegalStateException("the control plane ended the stream"));
            }
        };
    }

    /**
     * After a response of {@code type} was applied and ACKed: subscribes to what it names now (Clusters name
     * endpoints, Listeners name routes), as a sidecar does, then reports the ACK.
     */
    protected final void followAndReport(XdsType type) {
        XdsType named = type == XdsType.CLUSTER ? XdsType.ENDPOINT : type == XdsType.LISTENER ? XdsType.ROUTE : null;
        if (named != null) {
            Set<String> now = named == XdsType.ENDPOINT ? state.endpointNames() : state.routeNames();
            Set<String> before = subscribed(named);
            if (!now.equals(before)) {
                subscribed.put(named, now);
                resubscribe(named, before, now);
            }
        }
        listener.applied(this, nanoTime.getAsLong());
    }

    /** The names subscribed for a by-name type (empty for the wildcard types). */
    protected final Set<String> subscribed(XdsType type) {
        return subscribed.getOrDefault(type, Set.of());
    }

    /** Sends the subscription of {@code type} that changed from {@code before} to {@code now}. */
    protected abstract void resubscribe(XdsType type, Set<String> before, Set<String> now);

    protected final void fail(Throwable cause) {
        if (!stopping && failed.compareAndSet(false, true)) {
            listener.failed(this, cause);
        }
    }

}
