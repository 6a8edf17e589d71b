package io.banyan.controlplane.route;

import io.banyan.controlplane.registry.InvalidFieldException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The rules of an ordered route list: its size, its names (unnamed routes become {@code route-<index>}), warnings. */
final class RouteList {

    /** A route's end-user fields: only a gateway's routes have them. */
    static final List<String> GATEWAY_ONLY_FIELDS = List.of("auth", "rateLimit", "cors", "maxRequestBytes");

    /** The most routes a service or a gateway may have. */
    static final int MAX_ROUTES = 256;

    private RouteList() {
    }

    /**
     * The routes, each named and every name unique; {@code routes[i].hosts} and the end-user fields ({@code auth},
     * {@code rateLimit}, {@code cors}, {@code maxRequestBytes}) refused unless {@code hostsAllowed} (a gateway's list).
     */
    static List<OperatorRoute> checked(List<OperatorRoute> routes, boolean hostsAllowed) {
        if (routes == null) {
            throw Rules.invalid("routes", "missing (expected: an array of routes)");
        }
        List<OperatorRoute> given = Rules.atMost("routes", routes, MAX_ROUTES);
        List<OperatorRoute> named = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < given.size(); i++) {
            OperatorRoute route = given.get(i);
            if (route.hosts() != null && !hostsAllowed) {
                throw Rules.invalid("routes[" + i + "].hosts", "given on a service's route (expected: hosts only"
                        + " on a gateway's routes, PUT /v1/gateways/{name}/routes)");
            }
            if (!route.edge().isEmpty() && !hostsAllowed) {
                String field = route.auth() != null ? "auth" : route.rateLimit() != null ? "rateLimit"
                        : route.cors() != null ? "cors" : "maxRequestBytes";
                throw gatewayOnly(i, field);
            }
            if (route.name() == null) {
                route = route.named("route-" + i);
            }
            Integer before = names.putIfAbsent(route.name(), i);
            if (before != null) {
                throw Rules.invalid("routes[" + i + "].name", "'" + route.name() + "' (expected: a name no other"
                        + " route has; routes[" + before + "] has it)");
            }
            named.add(route);
        }
        return List.copyOf(named);
    }

    /** {@code routes[i].<field>} given on a service's route, where only a gateway's routes may have it. */
    static InvalidFieldException gatewayOnly(int i, String field) {
        return Rules.invalid("routes[" + i + "]." + field, "given on a service's route (expected: end-user policy"
                + " only on a gateway's routes, PUT /v1/gateways/{name}/routes)");
    }

    /**
     * Routes that can never match, one message each: {@code routes[3] 'x': can never match: routes[1] 'y' matches
     * everything before it} (on a gateway, everything on every host the later route serves).
     */
    static List<String> warnings(List<OperatorRoute> routes) {
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i < routes.size(); i++) {
            OperatorRoute route = routes.get(i);
            for (int j = 0; j < i; j++) {
                OperatorRoute earlier = routes.get(j);
                if (earlier.match().matchesEverything() && covers(earlier.hosts(), route.hosts())) {
                    warnings.add("routes[" + i + "] '" + route.name() + "': can never match: routes[" + j + "] '"
                            + earlier.name() + "' matches everything before it");
                    break;
                }
            }
        }
        return List.copyOf(warnings);
    }

    /**
     * Whether a route on {@code earlier} hosts sees every request a route on {@code later} hosts sees (null: all):
     * it serves every virtual host the later one is in ({@link GatewayHosts}).
     */
    private static boolean covers(List<String> earlier, List<String> later) {
        return earlier == null
                || (later != null && later.stream().allMatch(host -> GatewayHosts.serves(earlier, host)));
    }
}
