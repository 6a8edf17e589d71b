package io.banyan.sidecar.listener;

import io.banyan.dataplane.config.EdgeListenerSettings;
import io.banyan.dataplane.config.EdgeRouteSettings;
import io.banyan.dataplane.config.JwtProviderSettings;
import io.banyan.dataplane.config.ListenerConfig;
import io.banyan.dataplane.config.MeshConfig;
import io.banyan.dataplane.config.Route;
import io.banyan.primitives.time.Ticker;
import io.banyan.sidecar.edge.ClientBuckets;
import io.banyan.sidecar.edge.EdgeGate;
import io.banyan.sidecar.edge.JwksSources;
import io.banyan.sidecar.edge.JwtVerifiers;
import io.banyan.sidecar.metrics.EdgeMeters;
import io.banyan.sidecar.observe.EarlyAnswers;
import io.banyan.sidecar.proxy.NettyRouteRequest;
import io.banyan.sidecar.proxy.RoutingState;
import io.banyan.sidecar.proxy.edge.EdgeFilterHandler;
import io.banyan.sidecar.proxy.edge.EdgeRouteResolver;
import io.banyan.sidecar.route.Router;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpRequest;

import javax.net.ssl.SSLContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * An edge gateway's end-user policy: the long-lived parts (JWT verifiers with their key caches, on one thread that is
 * never an event loop; the per-client buckets; the meters), one {@link EdgeGate} per listener swapped whole on each
 * config, and the {@link EdgeFilterHandler} put before the frontend of each HTTP/1.1 connection and HTTP/2 stream.
 * A request's route is the one the proxy takes: the listener's {@link Router} of the current {@link RoutingState}.
 */
final class EdgePolicies implements AutoCloseable {

    private final ScheduledExecutorService jwks;
    private final JwtVerifiers verifiers;
    private final ClientBuckets buckets;
    private final EdgeMeters meters;
    private final EdgeGate none;
    private final AtomicReference<Map<String, EdgeGate>> gates = new AtomicReference<>(Map.of());

    /** @param jwksTrust whom an HTTPS JWKS URL may be served by (the system CAs, or those and a private CA) */
    EdgePolicies(SSLContext jwksTrust, MeterRegistry registry) {
        this.jwks = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "banyan-jwks");
            thread.setDaemon(true);
            return thread;
        });
        this.verifiers = new JwtVerifiers(new JwksSources(jwks, jwksTrust, Ticker.system()), Clock.systemUTC());
        // one set of buckets lives as long as the gateway, bounded by what each config publishes
        this.buckets = new ClientBuckets(Ticker.system(), EdgeListenerSettings.DEFAULT_MAX_CLIENTS);
        this.meters = new EdgeMeters(registry);
        this.none = new EdgeGate(EdgeListenerSettings.NONE, verifiers, buckets);
    }

    /** The gates of {@code config}'s listeners; the key sources of providers no listener names any more close. */
    void update(MeshConfig config) {
        Map<String, EdgeGate> next = new HashMap<>();
        List<JwtProviderSettings> live = new ArrayList<>();
        for (ListenerConfig listener : config.listeners().values()) {
            next.put(listener.name(), new EdgeGate(listener.edge(), verifiers, buckets));
            listener.edge().jwtRequirements().values().forEach(requirement -> live.add(requirement.provider()));
        }
        // the listeners share the buckets: the smallest bound any of them publishes holds for all
        buckets.resize(config.listeners().values().stream().mapToInt(listener -> listener.edge().maxClients()).min()
                .orElse(EdgeListenerSettings.DEFAULT_MAX_CLIENTS));
        gates.set(Map.copyOf(next));
        verifiers.retain(live);
    }

    /**
     * Puts the end-user filter before the frontend of {@code pipeline}, a connection or stream of {@code listener};
     * the listener's {@code answers} are told of each request it answers.
     */
    void addBeforeFrontend(ChannelPipeline pipeline, ListenerConfig listener, Supplier<RoutingState> state,
                           EarlyAnswers answers) {
        pipeline.addBefore(ServerInitializer.FRONTEND, EdgeFilterHandler.NAME, new EdgeFilterHandler(
                () -> gates.get().getOrDefault(listener.name(), none), new RouteEdge(state, listener), meters, answers));
    }

    @Override
    public void close() {
        verifiers.close();
        jwks.shutdownNow();
    }

    /** The policy of the route the proxy will take; one per connection or stream, as its route view is. */
    private static final class RouteEdge implements EdgeRouteResolver {

        private final NettyRouteRequest view = new NettyRouteRequest();
        private final Supplier<RoutingState> state;
        private final ListenerConfig listener;

        RouteEdge(Supplier<RoutingState> state, ListenerConfig listener) {
            this.state = state;
            this.listener = listener;
        }

        @Override
        public EdgeRouteSettings resolve(HttpRequest request) {
            Router router = state.get().router(listener.routeConfigName());
            Route route = router == null ? null : router.route(view.of(request));
            return route == null ? EdgeRouteSettings.NONE : route.edge();
        }
    }
}
