package io.banyan.controlplane.route;

import io.banyan.controlplane.store.DurableMap;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoredRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The operator routes set per service and per gateway, persisted in the store's {@code routes} and
 * {@code gateway-routes} maps (as their API JSON). Every change produces a {@link RouteSnapshot} with the next
 * revision, handed to every listener in order.
 */
public final class RouteBook {

    private static final Logger log = LoggerFactory.getLogger(RouteBook.class);

    private final Store store;
    private final Clock clock;
    private final RouteJson json = new RouteJson();
    private final List<RouteListener> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private final TreeMap<String, ServiceRoutes> services = new TreeMap<>();
    private final TreeMap<String, GatewayRoutes> gateways = new TreeMap<>();
    private long revision = 1;

    /** Loads every stored route list. */
    public RouteBook(Store store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        for (StoredRoutes stored : store.routes().values()) {
            services.put(stored.owner(), json.readService(stored.owner(), bytes(stored)));
        }
        for (StoredRoutes stored : store.gatewayRoutes().values()) {
            gateways.put(stored.owner(), json.readGateway(stored.owner(), bytes(stored)));
        }
        log.info("operator routes loaded: {} services, {} gateways", services.size(), gateways.size());
    }

    /** Adds a listener; it first receives the current snapshot, then every change. */
    public void addListener(RouteListener listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (lock) {
            listeners.add(listener);
            listener.onRoutes(snapshotLocked());
        }
    }

    public Optional<ServiceRoutes> service(String service) {
        synchronized (lock) {
            return Optional.ofNullable(services.get(service));
        }
    }

    public Optional<GatewayRoutes> gateway(String gateway) {
        synchronized (lock) {
            return Optional.ofNullable(gateways.get(gateway));
        }
    }

    /** Sets (replaces) the routes of a service, durably, then tells the listeners. */
    public void put(ServiceRoutes routes) {
        synchronized (lock) {
            if (routes.equals(services.get(routes.service()))) {
                return;
            }
            store.routes().put(routes.service(), stored(routes.service(), routes));
            services.put(routes.service(), routes);
            log.info("routes of service {} set: {}", routes.service(), routes.routes().size());
            publishLocked();
        }
    }

    /** Sets (replaces) the routes of a gateway, durably, then tells the listeners. */
    public void put(GatewayRoutes routes) {
        synchronized (lock) {
            if (routes.equals(gateways.get(routes.gateway()))) {
                return;
            }
            store.gatewayRoutes().put(routes.gateway(), stored(routes.gateway(), routes));
            gateways.put(routes.gateway(), routes);
            log.info("routes of gateway {} set: {}", routes.gateway(), routes.routes().size());
            publishLocked();
        }
    }

    /** Removes the routes of a service; returns whether it had any. */
    public boolean removeService(String service) {
        return remove(service, services, store.routes(), "service");
    }

    /** Removes the routes of a gateway; returns whether it had any. */
    public boolean removeGateway(String gateway) {
        return remove(gateway, gateways, store.gatewayRoutes(), "gateway");
    }

    public RouteSnapshot snapshot() {
        synchronized (lock) {
            return snapshotLocked();
        }
    }

    private boolean remove(String owner, TreeMap<String, ?> held, DurableMap<StoredRoutes> durable, String kind) {
        synchronized (lock) {
            if (!held.containsKey(owner)) {
                return false;
            }
            durable.remove(owner);
            held.remove(owner);
            log.info("routes of {} {} removed", kind, owner);
            publishLocked();
            return true;
        }
    }

    private StoredRoutes stored(String owner, Object routes) {
        return new StoredRoutes(owner, new String(json.write(routes), StandardCharsets.UTF_8), clock.instant());
    }

    private static byte[] bytes(StoredRoutes stored) {
        return stored.json().getBytes(StandardCharsets.UTF_8);
    }

    private void publishLocked() {
        revision++;
        RouteSnapshot snapshot = snapshotLocked();
        for (RouteListener listener : listeners) {
            try {
                listener.onRoutes(snapshot);
            } catch (RuntimeException e) {
                log.warn("route listener {} failed on revision {}", listener, snapshot.revision(), e);
            }
        }
    }

    private RouteSnapshot snapshotLocked() {
        return new RouteSnapshot(revision, services, gateways);
    }
}
