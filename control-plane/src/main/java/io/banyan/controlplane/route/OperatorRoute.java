package io.banyan.controlplane.route;

import io.banyan.controlplane.policy.Retries;
import io.banyan.controlplane.policy.Timeouts;
import io.banyan.controlplane.policy.TrafficPolicy;
import io.banyan.controlplane.route.edge.ClientRateLimit;
import io.banyan.controlplane.route.edge.Cors;
import io.banyan.controlplane.route.edge.EdgeAuth;
import io.banyan.controlplane.route.edge.EdgePolicy;
import io.banyan.primitives.name.ServiceName;
import io.banyan.primitives.time.Durations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One operator route: a {@link Match} and exactly one action, {@code to} (services by weight), {@code redirect} or
 * {@code directResponse}; with {@code to} also a {@code rewrite}, {@code timeout}, {@code retries} (both overriding
 * the service policy's) and a {@code mirror}; with any action header changes. {@code hosts} only on a gateway's
 * routes (exact names or {@code *.suffix}; absent: every host), and so are the end-user fields {@code auth},
 * {@code rateLimit}, {@code cors} and {@code maxRequestBytes} (together its {@link #edge()} policy). {@code name} may be
 * null until the route's list names it {@code route-<index>}.
 */
public record OperatorRoute(String name, Match match, List<Destination> to, Redirect redirect,
                            DirectResponse directResponse, Rewrite rewrite, Duration timeout, Retries retries,
                            Mirror mirror, HeaderMutations headers, List<String> hosts, EdgeAuth auth,
                            ClientRateLimit rateLimit, Cors cors, Long maxRequestBytes) {

    /** What the weights of a route's destinations sum to. */
    public static final int TOTAL_WEIGHT = 100;
    public static final int MAX_DESTINATIONS = 16;
    public static final int MAX_HOSTS = 16;
    private static final Duration MAX_TIMEOUT = Duration.ofHours(24);
    private static final List<String> ACTIONS = List.of("to", "redirect", "directResponse");

    public OperatorRoute {
        if (name != null && !ServiceName.isValid(name)) {
            throw Rules.invalid("name", "'" + Rules.clip(name) + "' (expected: " + ServiceName.EXPECTED + ")");
        }
        match = Rules.orDefault(match, Match.EVERYTHING);
        Rules.exactlyOne(ACTIONS, to, redirect, directResponse);
        if (to != null) {
            to = destinations(to);
        } else {
            onlyWithTo(redirect != null ? "redirect" : "directResponse", rewrite, timeout, retries, mirror);
        }
        boolean template = match.path() != null && match.path().template() != null;
        if (template && rewrite != null) {
            throw Rules.invalid("rewrite.prefix", "given with match.path.template (expected: a rewrite only with"
                    + " an exact or prefix path match)");
        }
        if (template && redirect != null && redirect.prefix() != null) {
            throw Rules.invalid("redirect.prefix", "given with match.path.template (expected: redirect.path, or an"
                    + " exact or prefix path match)");
        }
        if (timeout != null && (timeout.isNegative() || timeout.compareTo(MAX_TIMEOUT) > 0)) {
            throw Rules.invalid("timeout", Durations.format(timeout) + " (expected: 0s..24h, 0s for none)");
        }
        hosts = hosts == null ? null : hosts(hosts);
        EdgePolicy.of(auth, rateLimit, cors, maxRequestBytes); // checks the fields against each other
    }

    /** This route named {@code name} (a list names its unnamed routes). */
    public OperatorRoute named(String name) {
        return new OperatorRoute(name, match, to, redirect, directResponse, rewrite, timeout, retries, mirror,
                headers, hosts, auth, rateLimit, cors, maxRequestBytes);
    }

    /** This route's end-user policy ({@link EdgePolicy#NONE} when it has none; only a gateway's route has one). */
    public EdgePolicy edge() {
        return EdgePolicy.of(auth, rateLimit, cors, maxRequestBytes);
    }

    /** {@code policy} with this route's own timeout and retries in place of the policy's. */
    public TrafficPolicy over(TrafficPolicy policy) {
        if (timeout == null && retries == null) {
            return policy;
        }
        Timeouts timeouts = policy.timeouts();
        if (timeout != null) {
            timeouts = new Timeouts(timeouts.connect(), timeout, timeouts.perTry(), timeouts.idle());
        }
        return new TrafficPolicy(policy.loadBalancing(), timeouts, Rules.orDefault(retries, policy.retries()),
                policy.circuitBreaking(), policy.outlierDetection(), policy.healthCheck(), policy.rateLimit());
    }

    /** The services this route sends requests to: its destinations and its mirror. */
    public List<String> services() {
        List<String> services = new ArrayList<>();
        if (to != null) {
            to.forEach(destination -> services.add(destination.service()));
        }
        if (mirror != null) {
            services.add(mirror.service());
        }
        return services;
    }

    private static List<Destination> destinations(List<Destination> to) {
        List<Destination> destinations = Rules.atMost("to", to, MAX_DESTINATIONS);
        if (destinations.isEmpty()) {
            throw Rules.invalid("to", "[] (expected: 1.." + MAX_DESTINATIONS + " destinations)");
        }
        if (destinations.size() == 1 && destinations.get(0).weight() == null) {
            return List.of(new Destination(destinations.get(0).service(), TOTAL_WEIGHT));
        }
        Set<String> seen = new HashSet<>();
        int sum = 0;
        for (int i = 0; i < destinations.size(); i++) {
            Destination destination = destinations.get(i);
            if (destination.weight() == null) {
                throw Rules.invalid("to[" + i + "].weight", "missing (expected: a weight on each of several"
                        + " destinations, summing to " + TOTAL_WEIGHT + ")");
            }
            Rules.unique("to[" + i + "].service", seen, destination.service());
            sum += destination.weight();
        }
        if (sum != TOTAL_WEIGHT) {
            throw Rules.invalid("to", "weights sum to " + sum + " (expected: weights summing to " + TOTAL_WEIGHT
                    + ")");
        }
        return destinations;
    }

    private static void onlyWithTo(String action, Object rewrite, Object timeout, Object retries, Object mirror) {
        String field = rewrite != null ? "rewrite" : timeout != null ? "timeout" : retries != null ? "retries"
                : mirror != null ? "mirror" : null;
        if (field != null) {
            throw Rules.invalid(field, "given with " + action + " (expected: only with to)");
        }
    }

    private static List<String> hosts(List<String> given) {
        List<String> hosts = Rules.atMost("hosts", given, MAX_HOSTS);
        if (hosts.isEmpty()) {
            throw Rules.invalid("hosts", "[] (expected: 1.." + MAX_HOSTS + " hosts, or no hosts field for every"
                    + " host)");
        }
        List<String> checked = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < hosts.size(); i++) {
            String host = Rules.host("hosts[" + i + "]", hosts.get(i), true);
            Rules.unique("hosts[" + i + "]", seen, host);
            checked.add(host);
        }
        return List.copyOf(checked);
    }
}
