package io.banyan.controlplane.route;

import com.fasterxml.jackson.databind.JsonNode;
import io.banyan.controlplane.registry.InvalidFieldException;
import io.banyan.controlplane.replica.Reread;
import io.banyan.controlplane.revision.ConfigKind;
import io.banyan.controlplane.revision.ConfigWrite;
import io.banyan.controlplane.revision.Revisions;
import io.banyan.controlplane.store.DurableMap;
import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoreBatch;
import io.banyan.controlplane.store.StoreFollower;
import io.banyan.controlplane.store.StoredRevision;
import io.banyan.controlplane.store.StoredRoutes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The operator routes set per service and per gateway, persisted in the store's {@code routes} and
 * {@code gateway-routes} maps (as their API JSON). Every change is written with its revision (kind {@code routes}
 * or {@code gateway-routes}) and produces a {@link RouteSnapshot} with the next
 * revision, handed to every listener in order. As a {@link StoreFollower} it takes another replica's change of a route
 * list as it would at start, publishing only when the routes held changed.
 */
public final class RouteBook implements StoreFollower {

    private static final Logger log = LoggerFactory.getLogger(RouteBook.class);

    private final Store store;
    private final Clock clock;
    private final Revisions revisions;
    private final RouteJson json = new RouteJson();
    private final List<RouteListener> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private final Map<RouteOwner, TreeMap<String, OwnedRoutes>> routes = new EnumMap<>(RouteOwner.class);
    private long revision = 1;
    private volatile RouteClaims claims = RouteClaims.NONE;

    /** Loads every stored route list. */
    public RouteBook(Store store, Clock clock) {
        this(store, clock, new Revisions(store, clock, new SimpleMeterRegistry()));
    }

    /** Loads every stored route list; writes record their revisions in {@code revisions}. */
    public RouteBook(Store store, Clock clock, Revisions revisions) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.revisions = Objects.requireNonNull(revisions, "revisions");
        for (RouteOwner owner : RouteOwner.values()) {
            TreeMap<String, OwnedRoutes> held = new TreeMap<>();
            for (StoredRoutes stored : durable(owner).values()) {
                revisions.adopt(kind(owner), stored.owner(), () -> revisions.tree(stored.json()));
                held.put(stored.owner(), json.read(owner, stored.owner(),
                        stored.json().getBytes(StandardCharsets.UTF_8)));
            }
            routes.put(owner, held);
        }
        log.info("operator routes loaded: {} services, {} gateways", routes.get(RouteOwner.SERVICE).size(),
                routes.get(RouteOwner.GATEWAY).size());
    }

    /** Another replica changed the routes of {@code key}: re-read them, publish if they changed. */
    @Override
    public void changed(String map, String key, String value) {
        for (RouteOwner owner : RouteOwner.values()) {
            if (durable(owner).name().equals(map)) {
                synchronized (lock) {
                    if (followLocked(owner, key)) {
                        log.info("routes of {} {} changed by another replica", owner.field(), key);
                        publishLocked();
                    }
                }
            }
        }
    }

    /** The store re-read everything: re-read every route list, held or stored. */
    @Override
    public void reloaded() {
        synchronized (lock) {
            boolean changed = false;
            for (RouteOwner owner : RouteOwner.values()) {
                changed |= Reread.all(routes.get(owner).keySet(), durable(owner).values().stream()
                        .map(StoredRoutes::owner).toList(), name -> followLocked(owner, name));
            }
            if (changed) {
                publishLocked();
            }
        }
    }

    /**
     * Holds the stored routes of {@code name} (none when they are gone, or refused by today's rules: logged);
     * returns whether the routes held changed.
     */
    private boolean followLocked(RouteOwner owner, String name) {
        TreeMap<String, OwnedRoutes> held = routes.get(owner);
        OwnedRoutes before = held.remove(name);
        durable(owner).get(name).ifPresent(stored -> {
            try {
                held.put(name, json.read(owner, name, stored.json().getBytes(StandardCharsets.UTF_8)));
            } catch (InvalidFieldException e) {
                log.error("stored routes of {} {} refused by today's rules; none apply until they are set again: {}",
                        owner.field(), name, e.getMessage());
            }
        });
        return !Objects.equals(before, held.get(name));
    }

    /** Adds a listener; it first receives the current snapshot, then every change. */
    public void addListener(RouteListener listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (lock) {
            listeners.add(listener);
            listener.onRoutes(snapshotLocked());
        }
    }

    /** The routes of a service or a gateway, if any are set. */
    public Optional<OwnedRoutes> get(RouteOwner owner, String name) {
        synchronized (lock) {
            return Optional.ofNullable(routes.get(owner).get(name));
        }
    }

    /** Who else owns matches in route tables (the live migrations); until told, nobody. */
    public void useClaims(RouteClaims claims) {
        this.claims = Objects.requireNonNull(claims, "claims");
    }

    /**
     * Refuses routes with a match another owner claims in their table (but for routes the table holds unchanged): a
     * {@link ClaimedRouteException} naming the first such route and its claimant.
     */
    public void checkClaims(OwnedRoutes given) {
        checkClaims(given, null);
    }

    /** {@link #checkClaims(OwnedRoutes)} on behalf of {@code claimant}, whose own claim does not refuse the routes. */
    public void checkClaims(OwnedRoutes given, String claimant) {
        checkClaims(given, claimant, held(given.owner(), given.name()));
    }

    /** Sets (replaces) the routes of their owner, durably, then tells the listeners; refuses claimed matches. */
    public void put(OwnedRoutes given) {
        put(given, null);
    }

    /**
     * {@link #put(OwnedRoutes)} on behalf of {@code claimant}: its own claim does not refuse the routes (a migration
     * completing writes its permanent route with its match).
     */
    public void put(OwnedRoutes given, String claimant) {
        put(given, claimant, ConfigWrite.by(ConfigWrite.ADMIN));
    }

    /**
     * Sets (replaces) the routes of their owner on {@code by}'s If-Match, durably with their revision, then tells the
     * listeners; returns their ETag (unchanged when they are the same). {@code claimant} (null: none) as above.
     */
    public long put(OwnedRoutes given, String claimant, ConfigWrite by) {
        checkClaims(given, claimant);
        synchronized (lock) {
            ConfigKind kind = kind(given.owner());
            revisions.check(kind, given.name(), by);
            TreeMap<String, OwnedRoutes> held = routes.get(given.owner());
            if (given.equals(held.get(given.name()))) {
                return revisions.etag(kind, given.name());
            }
            String text = new String(json.write(given), StandardCharsets.UTF_8);
            long revision = revisions.write(kind, given.name(), Revisions.replacing(kind, given.name(),
                    durable(given.owner()), given.name(), this::storedJson, null, revisions.tree(text)), by,
                    new StoreBatch().put(durable(given.owner()), given.name(),
                    new StoredRoutes(given.name(), text, clock.instant()))).revision();
            held.put(given.name(), given);
            log.info("routes of {} {} set by {}: {}", given.owner().field(), given.name(), by.author(),
                    given.routes().size());
            publishLocked();
            return revision;
        }
    }

    /**
     * {@link #put(OwnedRoutes, String, ConfigWrite)} in one store write with {@code also}, another object's change,
     * and its {@code alsoBatch}: both are written or neither (either If-Match refuses both); returns {@code also}'s
     * revision. Routes that are the ones held are not written again ({@code also} alone is).
     */
    public StoredRevision putWith(OwnedRoutes given, String claimant, ConfigWrite by, Revisions.Write also,
                                  StoreBatch alsoBatch) {
        checkClaims(given, claimant);
        synchronized (lock) {
            ConfigKind kind = kind(given.owner());
            revisions.check(kind, given.name(), by);
            revisions.check(also.kind(), also.object(), also.by());
            TreeMap<String, OwnedRoutes> held = routes.get(given.owner());
            if (given.equals(held.get(given.name()))) {
                return revisions.write(also.kind(), also.object(), also.change(), also.by(), alsoBatch);
            }
            String text = new String(json.write(given), StandardCharsets.UTF_8);
            List<StoredRevision> written = revisions.write(List.of(new Revisions.Write(kind, given.name(),
                    Revisions.replacing(kind, given.name(), durable(given.owner()), given.name(), this::storedJson,
                            null, revisions.tree(text)), by), also), alsoBatch.put(durable(given.owner()),
                    given.name(), new StoredRoutes(given.name(), text, clock.instant())));
            held.put(given.name(), given);
            log.info("routes of {} {} set by {} with {} {}: {}", given.owner().field(), given.name(), by.author(),
                    also.kind().wireName(), also.object(), given.routes().size());
            publishLocked();
            return written.get(1);
        }
    }

    /** Removes the routes of a service or a gateway; returns whether it had any. */
    public boolean remove(RouteOwner owner, String name) {
        return remove(owner, name, ConfigWrite.by(ConfigWrite.ADMIN));
    }

    /** {@link #remove(RouteOwner, String)} on {@code by}'s If-Match, durably with its revision. */
    public boolean remove(RouteOwner owner, String name, ConfigWrite by) {
        synchronized (lock) {
            revisions.check(kind(owner), name, by);
            TreeMap<String, OwnedRoutes> held = routes.get(owner);
            if (!held.containsKey(name)) {
                return false;
            }
            revisions.write(kind(owner), name, Revisions.replacing(kind(owner), name, durable(owner), name,
                    this::storedJson, null, null), by, new StoreBatch().remove(durable(owner), name));
            held.remove(name);
            log.info("routes of {} {} removed by {}", owner.field(), name, by.author());
            publishLocked();
            return true;
        }
    }

    /** The revision kind of an owner's routes: {@code routes} or {@code gateway-routes}. */
    public static ConfigKind kind(RouteOwner owner) {
        return owner == RouteOwner.SERVICE ? ConfigKind.ROUTES : ConfigKind.GATEWAY_ROUTES;
    }

    /** Stored routes' JSON, as their revisions keep them. */
    private JsonNode storedJson(StoredRoutes stored) {
        return revisions.tree(stored.json());
    }

    /** The ETag of a service's or gateway's routes: the revision that last wrote them (0: none). */
    public long etag(RouteOwner owner, String name) {
        return revisions.etag(kind(owner), name);
    }

    public RouteSnapshot snapshot() {
        synchronized (lock) {
            return snapshotLocked();
        }
    }

    /** The routes held now for {@code name}: read under the lock, checked outside it (claims take the migrations' lock). */
    private List<OperatorRoute> held(RouteOwner owner, String name) {
        synchronized (lock) {
            OwnedRoutes held = routes.get(owner).get(name);
            return held == null ? List.of() : held.routes();
        }
    }

    /**
     * Refuses a route of {@code given} whose match a live migration other than {@code exempt} owns, unless the table
     * already holds that route as it is: a route kept unchanged (behind the migration's, which goes first) never blocks
     * a write of its table, only a new or changed one does.
     */
    private void checkClaims(OwnedRoutes given, String exempt, List<OperatorRoute> unchanged) {
        List<OperatorRoute> list = given.routes();
        for (int i = 0; i < list.size(); i++) {
            OperatorRoute route = list.get(i);
            if (unchanged.contains(route)) {
                continue;
            }
            Optional<String> claimant = claims.claimant(given.owner(), given.name(), route.match());
            if (claimant.isPresent() && !claimant.get().equals(exempt)) {
                String migration = claimant.get();
                throw new ClaimedRouteException("routes[" + i + "] '" + route.name() + "': match owned by migration '"
                        + migration + "' (expected: change it through /v1/migrations/" + migration + ")");
            }
        }
    }

    private DurableMap<StoredRoutes> durable(RouteOwner owner) {
        return owner == RouteOwner.SERVICE ? store.routes() : store.gatewayRoutes();
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
        return new RouteSnapshot(revision, typed(RouteOwner.SERVICE, ServiceRoutes.class),
                typed(RouteOwner.GATEWAY, GatewayRoutes.class));
    }

    private <T extends OwnedRoutes> TreeMap<String, T> typed(RouteOwner owner, Class<T> type) {
        TreeMap<String, T> typed = new TreeMap<>();
        routes.get(owner).forEach((name, held) -> typed.put(name, type.cast(held)));
        return typed;
    }
}
