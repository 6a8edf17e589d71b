package io.banyan.sidecar.route;

import io.banyan.dataplane.config.HeaderMutations;
import io.banyan.dataplane.config.Route;
import io.banyan.dataplane.config.RouteAction;
import io.banyan.dataplane.config.RouteConfig;
import io.banyan.dataplane.config.VirtualHost;
import io.banyan.dataplane.config.WeightedCluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * One route table compiled for lookup. The virtual host is chosen by the request's authority as Envoy
 * does: exact domain, then the longest suffix wildcard ({@code *.foo}), then the longest prefix wildcard
 * ({@code foo.*}), then {@code *}. An authority with a port is tried whole first, then without its port.
 * Within the virtual host the first matching route wins ({@link CompiledRoute}: path, headers, query); the route
 * returned carries its virtual host's header mutations before its own. Immutable and thread-safe.
 */
public final class Router {

    private static final int MAX_CACHED_AUTHORITIES = 1024;
    private static final Host NONE = new Host(new VirtualHost("none", List.of("none"), List.of()));

    private final Map<String, Host> exact = new HashMap<>();
    private final List<Wildcard> suffixes = new ArrayList<>();
    private final List<Wildcard> prefixes = new ArrayList<>();
    private final Host any;
    private final RandomGenerator random;
    private final boolean onlyAny;
    /** Authorities seen so far and the host each resolved to: requests repeat a handful of them. Bounded. */
    private final ConcurrentHashMap<String, Host> resolved = new ConcurrentHashMap<>();

    /** A router whose weighted picks use {@code random} ({@code null}: the calling thread's random). */
    public Router(RouteConfig config, RandomGenerator random) {
        Objects.requireNonNull(config, "config");
        this.random = random;
        Host star = null;
        for (VirtualHost virtualHost : config.virtualHosts()) {
            Host host = new Host(virtualHost);
            for (String raw : virtualHost.domains()) {
                String domain = raw.toLowerCase(Locale.ROOT);
                if (domain.equals("*")) {
                    star = star == null ? host : star;
                } else if (domain.startsWith("*")) {
                    suffixes.add(new Wildcard(domain.substring(1), host));
                } else if (domain.endsWith("*")) {
                    prefixes.add(new Wildcard(domain.substring(0, domain.length() - 1), host));
                } else {
                    exact.putIfAbsent(domain, host);
                }
            }
        }
        Comparator<Wildcard> longestFirst = Comparator.comparingInt((Wildcard w) -> w.part.length()).reversed();
        suffixes.sort(longestFirst);
        prefixes.sort(longestFirst);
        this.any = star;
        this.onlyAny = exact.isEmpty() && suffixes.isEmpty() && prefixes.isEmpty();
    }

    public Router(RouteConfig config) {
        this(config, null);
    }

    /** The first route matching the request, or {@code null} when no virtual host or route matches. */
    public Route route(RouteRequest request) {
        Host host = host(request.authority());
        if (host == null) {
            return null;
        }
        for (CompiledRoute route : host.routes) {
            if (route.matches(request.target(), request)) {
                return route.route();
            }
        }
        return null;
    }

    /** The virtual host for an authority ({@code host} or {@code host:port}), or {@code null}. */
    public VirtualHost virtualHost(String authority) {
        Host host = host(authority);
        return host == null ? null : host.config;
    }

    private Host host(String authority) {
        if (onlyAny) {
            return any;
        }
        if (authority == null) {
            return lookUp(null);
        }
        Host cached = resolved.get(authority);
        if (cached != null) {
            return cached == NONE ? null : cached;
        }
        Host found = lookUp(authority);
        if (resolved.size() < MAX_CACHED_AUTHORITIES) {
            resolved.put(authority, found == null ? NONE : found);
        }
        return found;
    }

    private Host lookUp(String authority) {
        String name = authority == null ? "" : authority.toLowerCase(Locale.ROOT);
        Host found = byName(name);
        if (found == null) {
            int colon = name.lastIndexOf(':');
            if (colon > 0 && name.indexOf(']', colon) < 0) {
                found = byName(name.substring(0, colon));
            }
        }
        return found != null ? found : any;
    }

    /** One cluster of the action, chosen by weight. */
    public String pickCluster(RouteAction action) {
        List<WeightedCluster> clusters = action.clusters();
        int n = clusters.size();
        if (n == 1) {
            return clusters.get(0).cluster();
        }
        int total = 0;
        for (int i = 0; i < n; i++) {
            total += clusters.get(i).weight();
        }
        int ticket = (random != null ? random : ThreadLocalRandom.current()).nextInt(total);
        for (int i = 0; i < n; i++) {
            WeightedCluster cluster = clusters.get(i);
            ticket -= cluster.weight();
            if (ticket < 0) {
                return cluster.cluster();
            }
        }
        return clusters.get(n - 1).cluster();
    }

    private Host byName(String name) {
        Host host = exact.get(name);
        if (host != null) {
            return host;
        }
        for (int i = 0, n = suffixes.size(); i < n; i++) {
            Wildcard w = suffixes.get(i);
            if (name.length() > w.part.length() && name.endsWith(w.part)) {
                return w.host;
            }
        }
        for (int i = 0, n = prefixes.size(); i < n; i++) {
            Wildcard w = prefixes.get(i);
            if (name.length() > w.part.length() && name.startsWith(w.part)) {
                return w.host;
            }
        }
        return null;
    }

    private record Wildcard(String part, Host host) {
    }

    /** A virtual host and its routes compiled, each carrying the host's header mutations before its own. */
    private static final class Host {

        final VirtualHost config;
        final CompiledRoute[] routes;

        Host(VirtualHost config) {
            this.config = config;
            this.routes = new CompiledRoute[config.routes().size()];
            for (int i = 0; i < routes.length; i++) {
                Route route = config.routes().get(i);
                HeaderMutations request = config.requestHeaders().then(route.requestHeaders());
                HeaderMutations response = config.responseHeaders().then(route.responseHeaders());
                routes[i] = new CompiledRoute(request == route.requestHeaders() && response == route.responseHeaders()
                        ? route : route.withHeaders(request, response));
            }
        }
    }
}
