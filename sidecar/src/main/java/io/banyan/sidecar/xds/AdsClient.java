package io.banyan.sidecar.xds;

import com.google.protobuf.Any;
import io.banyan.api.xds.ResourceNames;
import io.banyan.api.xds.XdsProtocol;
import io.banyan.dataplane.config.AppConfig;
import io.banyan.dataplane.config.MeshConfig;
import io.banyan.dataplane.config.MeshConfigListener;
import io.banyan.dataplane.xds.ResourceDecoder;
import io.banyan.dataplane.xds.XdsType;
import io.banyan.primitives.time.Backoff;
import io.banyan.sidecar.datadir.DataDir;
import io.banyan.sidecar.datadir.SavedResources;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.Channel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The sidecar's ADS client, incremental ({@link XdsProtocol#DELTA}, the default) or state of the world
 * ({@link XdsProtocol#SOTW}). It subscribes wildcard CDS and LDS, then EDS for the
 * EDS clusters and RDS for the route tables the listeners reference, and SDS for its service's app configuration
 * (handed to its own listener, no part of the mesh config); translates each response, ACKs
 * it and publishes a new {@link MeshConfig}, or NACKs it with an INVALID_ARGUMENT error_detail and
 * keeps the last good config (a response identical to the one just rejected is NACKed again only after
 * {@link #REPEATED_NACK_DELAY}, so that a server resending it at once does not spin). It reconnects
 * with {@link ControlPlaneChannels#RECONNECT_BACKOFF} (at once on {@link #retryNow()}) and re-sends its subscriptions with the
 * last accepted versions (a delta stream with the version of each resource it holds, so that only what changed is
 * sent again). A delta response is applied through the same state-of-the-world rules and translation
 * ({@link DeltaResources}): both protocols produce the same config from the same snapshot.
 *
 * <p>All stream handling runs on one scheduler thread (gRPC callbacks are delivered there); the
 * listener is called on its own thread. Nothing is published before the first complete config (CDS
 * and LDS plus every EDS and RDS resource they reference, or what arrived when the initial fetch
 * timeout expires); every accepted update after that is, once what it references has arrived too (a new cluster's
 * endpoints, a route's new cluster), or after the initial fetch timeout.
 */
public final class AdsClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AdsClient.class);
    /** How long a NACK of a response identical to the one just rejected is held back. */
    static final Duration REPEATED_NACK_DELAY = Duration.ofSeconds(1);
    public static final Duration DEFAULT_INITIAL_FETCH_TIMEOUT = Duration.ofSeconds(15);

    private final AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub stub;
    private final Node node;
    private final StreamLoop loop;
    private final Backoff backoff;
    private final Clock clock;
    private final Duration initialFetchTimeout;
    private final XdsMetrics metrics;
    private final ConfigPublisher publisher;
    private final ResourceDecoder decoder = new ResourceDecoder();
    private final XdsConfigState state;
    private final XdsProtocol protocol;
    private final DeltaResources deltaResources = new DeltaResources();
    private final Consumer<AppConfig> appConfigListener;
    private final CompletableFuture<MeshConfig> firstConfig = new CompletableFuture<>();
    private final ControlPlaneEndpoints endpoints;
    private final SavedConfig saved;

    // Confined to the scheduler thread.
    private XdsStream stream;
    private ControlPlaneAddress streamTarget;
    private ScheduledFuture<?> reconnect;
    private ScheduledFuture<?> initialFetch;
    private ScheduledFuture<?> warming;
    private Set<String> publishedUnresolved = Set.of();
    private int failures;
    private boolean published;
    private boolean closed;

    private volatile XdsStatus status = XdsStatus.INITIAL;
    private volatile MeshConfig current = MeshConfig.EMPTY;

    private AdsClient(Builder builder) {
        this.node = builder.node;
        this.loop = StreamLoop.of("banyan-xds", builder.scheduler);
        this.stub = AggregatedDiscoveryServiceGrpc.newStub(builder.channel).withExecutor(loop::execute);
        this.clock = builder.clock;
        this.initialFetchTimeout = builder.initialFetchTimeout;
        this.backoff = builder.backoff != null ? builder.backoff
                : ControlPlaneChannels.RECONNECT_BACKOFF.withRandom(builder.random);
        this.metrics = new XdsMetrics(builder.meterRegistry, clock);
        this.publisher = new ConfigPublisher(builder.listener);
        this.state = new XdsConfigState(builder.appConfigService == null ? Set.of()
                : Set.of(ResourceNames.appConfig(builder.appConfigService)));
        this.appConfigListener = builder.appConfigListener;
        this.protocol = builder.protocol;
        this.endpoints = builder.endpoints;
        if (endpoints != null) {
            metrics.failovers(endpoints);
        }
        this.saved = new SavedConfig(builder.restore, builder.dataDir, decoder);
    }

    /** A client for {@code node} over {@code channel} (see {@link ControlPlaneChannels}) telling {@code listener}. */
    public static Builder builder(Channel channel, Node node, MeshConfigListener listener) {
        return new Builder(channel, node, listener);
    }

    /**
     * Opens the ADS stream; returns at once. Given a saved configuration ({@link Builder#dataDir}), it is applied and
     * published first, as if a control plane had sent it: the sidecar serves from it, the status says
     * {@code stale_config} until a control plane answers, and the stream resumes with its versions.
     */
    public void start() {
        loop.execute(() -> {
            restoreSaved();
            connect();
        });
    }

    private void restoreSaved() {
        Map<XdsType, SavedConfig.Restored> restored = saved.restorable();
        if (restored.isEmpty() || closed) {
            return;
        }
        Instant savedAt = Instant.EPOCH;
        for (XdsType type : SavedConfig.RESTORE_ORDER) {
            SavedConfig.Restored one = restored.get(type);
            if (one == null) {
                continue;
            }
            deltaResources.restore(type, one.deltaResources());
            apply(type, one.response());
            status = status.withAck(type.typeUrl(), one.response().version(), one.savedAt());
            savedAt = savedAt.isAfter(one.savedAt()) ? savedAt : one.savedAt();
        }
        state.appConfig().filter(config -> !config.isNone()).ifPresent(appConfigListener);
        status = status.withStaleSince(savedAt);
        metrics.stale(true);
        log.warn("serving the configuration saved in the data dir at {} (stale_config) until a control plane answers",
                savedAt);
        publish();
    }

    /**
     * Reconnects at once if the stream is down and waiting out its backoff: the control-plane channel has just
     * connected again ({@link CertificateBoundChannel#onReconnected}), so the control plane answers.
     */
    public void retryNow() {
        loop.execute(() -> {
            if (!closed && stream == null && reconnect != null && reconnect.cancel(false)) {
                log.info("control plane reachable again: re-opening the ADS stream now");
                connect();
            }
        });
    }

    /**
     * Completes with the first complete config (or the partial one published when the initial fetch
     * timed out) once the listener has applied it.
     */
    public CompletableFuture<MeshConfig> firstConfig() {
        return firstConfig.copy();
    }

    public XdsStatus status() {
        return status;
    }

    /** The last accepted config ({@link MeshConfig#EMPTY} before the first complete one). */
    public MeshConfig currentConfig() {
        return current;
    }

    /**
     * Cancels the stream and stops reconnecting; waits up to 5s. Not to be called from the listener.
     * The channel stays open: it belongs to its creator.
     */
    @Override
    public void close() {
        loop.stop(() -> {
            closed = true;
            if (reconnect != null) {
                reconnect.cancel(false);
            }
            if (initialFetch != null) {
                initialFetch.cancel(false);
            }
            if (warming != null) {
                warming.cancel(false);
            }
            if (stream != null) {
                stream.cancel("sidecar closing");
                stream = null;
            }
            setConnected(false);
        });
        publisher.close();
        metrics.close();
    }

    private void connect() {
        if (closed) {
            return;
        }
        if (endpoints != null) {
            streamTarget = endpoints.current();
            status = status.withControlPlane(streamTarget.toString());
        }
        XdsStream opened = protocol == XdsProtocol.DELTA ? openDelta() : openStateOfTheWorld();
        stream = opened;
        log.info("opening {} ADS stream as {}{}", protocol.wireName(), node.getId(),
                streamTarget == null ? "" : " to " + streamTarget);
        for (XdsType type : XdsType.values()) {
            opened.subscribe(type, state.subscription(type), state.version(type));
        }
    }

    private XdsStream openStateOfTheWorld() {
        AdsStream opened = new AdsStream(node);
        stub.streamAggregatedResources(StreamLoop.<DiscoveryRequest, DiscoveryResponse>observer(requests -> {
            opened.attach(requests);
            requests.setOnReadyHandler(() -> onReady(opened));
        }, response -> onResponse(opened, AdsResponse.of(response)), error -> onClosed(opened, error)));
        return opened;
    }

    private XdsStream openDelta() {
        DeltaAdsStream opened = new DeltaAdsStream(node, this::resumedVersions);
        stub.deltaAggregatedResources(StreamLoop.<DeltaDiscoveryRequest, DeltaDiscoveryResponse>observer(requests -> {
            opened.attach(requests);
            requests.setOnReadyHandler(() -> onReady(opened));
        }, response -> onDeltaResponse(opened, response), error -> onClosed(opened, error)));
        return opened;
    }

    /** What a delta stream tells the control plane it holds of a type: the resources accepted and held. */
    private Map<String, String> resumedVersions(XdsType type) {
        Map<String, String> versions = deltaResources.versions(type);
        versions.keySet().retainAll(state.current(type));
        return versions;
    }

    private void onReady(XdsStream opened) {
        if (stream == opened) {
            setConnected(true);
        }
    }

    private void onDeltaResponse(XdsStream from, DeltaDiscoveryResponse response) {
        if (stream != from || closed) {
            return;
        }
        Optional<XdsType> known = XdsType.ofTypeUrl(response.getTypeUrl());
        if (known.isEmpty()) {
            log.warn("ignoring a response of unsubscribed type {}", response.getTypeUrl());
            return;
        }
        onResponse(from, deltaResources.apply(known.get(), response));
    }

    private void onClosed(XdsStream closedStream, Throwable error) {
        if (stream != closedStream || closed) {
            return;
        }
        stream = null;
        setConnected(false);
        failures++;
        Duration delay = backoff.delay(failures);
        String next = failOver();
        if (error != null) {
            log.warn("ADS stream failed ({}); reconnecting in {} ms{}", error.getMessage(), delay.toMillis(), next);
        } else {
            log.warn("ADS stream closed by the control plane; reconnecting in {} ms{}", delay.toMillis(), next);
        }
        reconnect = loop.schedule(this::connect, delay);
    }

    /**
     * The stream to {@link #streamTarget} was lost or never opened: the next attempt goes to the next replica (every
     * user of the control-plane channel follows). Returns what to add to the log line.
     */
    private String failOver() {
        if (endpoints == null || !endpoints.several()) {
            return "";
        }
        return " to " + endpoints.failedOver(streamTarget);
    }

    private void onResponse(XdsStream from, AdsResponse response) {
        if (stream != from || closed) {
            return;
        }
        failures = 0;
        setConnected(true);
        Optional<XdsType> known = XdsType.ofTypeUrl(response.typeUrl());
        if (known.isEmpty()) {
            log.warn("ignoring a response of unsubscribed type {}", response.typeUrl());
            return;
        }
        XdsType type = known.get();
        from.received(type, response.nonce());
        metrics.received(type);
        String error = apply(type, response);
        if (error != null) {
            // The valid resources were applied all the same; the refused ones keep their last accepted version.
            reject(from, type, response, error);
        } else {
            Instant now = clock.instant();
            from.ack(type, response.version(), state.subscription(type));
            metrics.accepted(type, now);
            status = status.withAck(type.typeUrl(), response.version(), now);
            saved.save(type, response, protocol == XdsProtocol.DELTA ? deltaResources.held(type) : null, now);
            if (status.staleConfig()) {
                log.info("control plane {} answered: the saved configuration is reconciled (stale_config cleared)",
                        status.controlPlane());
                status = status.withStaleSince(null);
                metrics.stale(false);
            }
            log.debug("ACK {} version {}", type.shortName(), response.version());
        }
        if (type == XdsType.SECRET) {
            state.appConfig().filter(config -> !config.isNone()).ifPresent(appConfigListener);
            return; // the app configuration is no part of the mesh config: nothing to publish or to wait for
        }
        from.subscribe(XdsType.ENDPOINT, state.subscription(XdsType.ENDPOINT), state.version(XdsType.ENDPOINT));
        from.subscribe(XdsType.ROUTE, state.subscription(XdsType.ROUTE), state.version(XdsType.ROUTE));
        // names no longer subscribed get no removal from the server: forget them here
        deltaResources.retain(XdsType.ENDPOINT, state.subscription(XdsType.ENDPOINT));
        deltaResources.retain(XdsType.ROUTE, state.subscription(XdsType.ROUTE));
        if (error != null && published && state.toMeshConfig().equals(current)) {
            return; // nothing valid changed (a server resending the response it was just NACKed for)
        }
        if (published) {
            publishWhenResolved();
        } else if (state.complete()) {
            publish();
        } else if (initialFetch == null && state.received(XdsType.CLUSTER) && state.received(XdsType.LISTENER)) {
            initialFetch = loop.schedule(this::onInitialFetchTimeout, initialFetchTimeout);
        }
    }

    /**
     * Publishes an update unless it references what has not arrived and the published config did not: a route to a
     * cluster whose CDS or EDS is still on its way, a cluster its route no longer names removed first. The control
     * plane sends the types one by one, so an update is held (as Envoy warms a cluster) until the rest of it
     * arrives, or {@code initialFetchTimeout} passes: then it is published as it is.
     */
    private void publishWhenResolved() {
        Set<String> unresolved = state.unresolved();
        if (publishedUnresolved.containsAll(unresolved)) {
            if (warming != null) {
                warming.cancel(false);
                warming = null;
            }
            publish(unresolved);
        } else if (warming == null) {
            log.debug("xDS update held until what it references arrives: {}", unresolved);
            warming = loop.schedule(this::onWarmingTimeout, initialFetchTimeout);
        }
    }

    private void onWarmingTimeout() {
        warming = null;
        if (!closed) {
            log.warn("xDS update still references what has not arrived after {} ms: {}; applying it as it is",
                    initialFetchTimeout.toMillis(), state.unresolved());
            publish();
        }
    }

    private void publish() {
        publish(state.unresolved());
    }

    /** Publishes the config as it stands; {@code unresolved}: what it references but lacks. */
    private void publish(Set<String> unresolved) {
        published = true;
        publishedUnresolved = unresolved;
        MeshConfig config = state.toMeshConfig();
        current = config;
        publisher.publish(config, firstConfig);
    }

    /** As Envoy's initial_fetch_timeout: start with what arrived rather than wait forever for the rest. */
    private void onInitialFetchTimeout() {
        if (!published && !closed) {
            log.warn("initial xDS fetch timed out after {} ms still waiting for {}; starting without them",
                    initialFetchTimeout.toMillis(), state.unresolved());
            publish();
        }
    }

    /**
     * Translates and applies the response per resource, as Envoy does: the valid resources are applied, a refused
     * one keeps its last accepted version. Returns the NACK message when any was refused, else {@code null}.
     */
    private String apply(XdsType type, AdsResponse response) {
        String version = response.version();
        List<Any> resources = response.resources();
        ResourceDecoder.Decoded<?> decoded = switch (type) {
            case LISTENER -> applied(decoder.listeners(resources), state::acceptListeners, version);
            case ROUTE -> applied(state.edgeChecked(decoder.routes(resources)), state::acceptRoutes, version);
            case CLUSTER -> applied(decoder.clusters(resources), state::acceptClusters, version);
            case ENDPOINT -> applied(decoder.endpoints(resources), state::acceptEndpoints, version);
            case SECRET -> applied(decoder.appConfigs(resources), state::acceptAppConfigs, version);
        };
        status = status.withRefusals(byTypeUrl(state.stale()), byTypeUrl(state.refused()));
        return decoded.valid() ? null : decoded.errorMessage();
    }

    private static Map<String, Map<String, String>> byTypeUrl(Map<XdsType, Map<String, String>> byType) {
        Map<String, Map<String, String>> byTypeUrl = new HashMap<>();
        byType.forEach((type, names) -> byTypeUrl.put(type.typeUrl(), names));
        return byTypeUrl;
    }

    /** One of {@link XdsConfigState}'s per-resource accept methods. */
    @FunctionalInterface
    private interface Acceptance<R> {
        void accept(Map<String, R> valid, Map<String, String> rejected, String version);
    }

    private static <R> ResourceDecoder.Decoded<R> applied(ResourceDecoder.Decoded<R> decoded, Acceptance<R> acceptance,
                                                         String version) {
        acceptance.accept(decoded.resources(), decoded.rejected(), version);
        return decoded;
    }

    private void reject(XdsStream from, XdsType type, AdsResponse response, String message) {
        XdsStatus.Nack previous = status.lastNacks().get(type.typeUrl());
        boolean repeated = previous != null && previous.version().equals(response.version())
                && previous.message().equals(message);
        if (repeated) {
            // A server that answers a NACK with the same response at once (java-control-plane's SimpleCache
            // does) would loop as fast as the network allows: answer repeats after a pause instead.
            log.debug("NACK {} version {} again: {}", type.shortName(), response.version(), message);
            String nonce = response.nonce();
            loop.schedule(() -> {
                if (stream == from && from.isLatest(type, nonce)) {
                    from.nack(type, state.version(type), state.subscription(type), message);
                }
            }, REPEATED_NACK_DELAY);
        } else {
            log.warn("NACK {} version {}: {}", type.shortName(), response.version(), message);
            from.nack(type, state.version(type), state.subscription(type), message);
        }
        metrics.rejected(type);
        status = status.withNack(type.typeUrl(),
                new XdsStatus.Nack(response.version(), message, clock.instant()));
    }

    private void setConnected(boolean up) {
        if (status.connected() != up) {
            status = status.withConnected(up);
        }
        metrics.connected(up);
    }

    /** Optional collaborators; the defaults suit production. */
    public static final class Builder {

        private final Channel channel;
        private final Node node;
        private final MeshConfigListener listener;
        private MeterRegistry meterRegistry = new SimpleMeterRegistry();
        private Clock clock = Clock.systemUTC();
        private RandomGenerator random = RandomGenerator.getDefault();
        private Backoff backoff;
        private ScheduledExecutorService scheduler;
        private Duration initialFetchTimeout = DEFAULT_INITIAL_FETCH_TIMEOUT;
        private String appConfigService;
        private Consumer<AppConfig> appConfigListener = config -> { };
        private XdsProtocol protocol = XdsProtocol.DEFAULT;
        private ControlPlaneEndpoints endpoints;
        private DataDir dataDir;
        private Map<String, SavedResources> restore = Map.of();

        private Builder(Channel channel, Node node, MeshConfigListener listener) {
            this.channel = Objects.requireNonNull(channel, "channel");
            this.node = Objects.requireNonNull(node, "node");
            this.listener = Objects.requireNonNull(listener, "listener");
            if (node.getId().isEmpty()) {
                throw new IllegalArgumentException("node.id: '' (expected: sidecar~<service>~<host>~<unique>)");
            }
        }

        public Builder meterRegistry(MeterRegistry meterRegistry) {
            this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Randomness of the default backoff's jitter. */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        public Builder backoff(Backoff backoff) {
            this.backoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /**
         * A single-threaded scheduler to run the stream on (the caller keeps ownership); by default the
         * client starts its own thread.
         */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /**
         * How long, once CDS and LDS arrived, to wait for the EDS and RDS resources they reference
         * before publishing the first config without them (Envoy's initial_fetch_timeout).
         */
        public Builder initialFetchTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("initialFetchTimeout: " + timeout + " (expected: > 0)");
            }
            this.initialFetchTimeout = timeout;
            return this;
        }

        /**
         * Subscribes to the app configuration of {@code service} (SDS {@code app-config/<service>}) and hands each
         * version accepted to {@code listener}, on the client's thread (the listener must not block).
         */
        public Builder appConfig(String service, Consumer<AppConfig> listener) {
            this.appConfigService = Objects.requireNonNull(service, "service");
            this.appConfigListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Incremental ADS ({@link XdsProtocol#DELTA}, the default) or state of the world. */
        public Builder protocol(XdsProtocol protocol) {
            this.protocol = Objects.requireNonNull(protocol, "protocol");
            return this;
        }

        /**
         * The control-plane replicas {@code channel} reaches (the same {@link ControlPlaneEndpoints} as its
         * {@link ControlPlaneChannels}): a stream lost or refused moves them all to the next replica, and the status
         * shows the one in use. Without it the client stays on the one control plane of its channel.
         */
        public Builder controlPlanes(ControlPlaneEndpoints endpoints) {
            this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
            return this;
        }

        /**
         * Saves each ACKed type's resources in {@code dataDir} (off this client's thread), and starts from
         * {@code restore}, what an earlier run saved there (empty: nothing to start from, e.g. no valid identity was
         * saved with it). A saved configuration is used only when it has LDS and CDS and every saved resource decodes.
         */
        public Builder dataDir(DataDir dataDir, Map<String, SavedResources> restore) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
            this.restore = Map.copyOf(Objects.requireNonNull(restore, "restore"));
            return this;
        }

        public AdsClient build() {
            return new AdsClient(this);
        }
    }
}
