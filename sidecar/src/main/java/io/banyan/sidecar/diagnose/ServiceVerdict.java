package io.banyan.sidecar.diagnose;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The one paragraph of a {@link ServiceWhy}: what stands between the caller and the service, most telling first. */
final class ServiceVerdict {

    /** The most unhealthy endpoints, causes and request ids named in a verdict. */
    private static final int NAMED = 3;

    private ServiceVerdict() {
    }

    /** {@code why} without its verdict; {@code refused}: the resources about the service refused now, with why. */
    static String of(ServiceWhy why, Map<String, String> refused) {
        String service = why.service();
        List<String> sentences = new ArrayList<>();
        boolean wrong = scope(why, refused, sentences);
        if (why.cluster() != null) {
            wrong |= endpoints(why, sentences);
        }
        wrong |= failures(why, sentences);
        ServiceWhy.RetryState retries = why.retries();
        if (retries != null && retries.limit() > 0 && retries.exhausted()) {
            sentences.add("Its retry budget is used up now (" + retries.active() + " of " + retries.limit()
                    + " retries in flight).");
            wrong = true;
        }
        if (retries != null && retries.exhaustedTotal() > 0) {
            sentences.add("The retry budget refused " + retries.exhaustedTotal() + " retries since the start.");
        }
        if (why.config() != null) {
            wrong |= config(why.config(), sentences);
        }
        if (!wrong) {
            sentences.add("Nothing the sidecar sees stands in the way of " + service + ".");
        }
        return String.join(" ", sentences);
    }

    private static boolean scope(ServiceWhy why, Map<String, String> refused, List<String> sentences) {
        String service = why.service();
        ServiceWhy.Scope scope = why.scope();
        if (!scope.inConfig()) {
            if (Declared.GATEWAY_ROUTES.equals(scope.how())) {
                sentences.add(service + " is not in this gateway's configuration: no gateway route leads to it "
                        + "(requests for it are answered 404 no_route).");
            } else if (!scope.declared()) {
                sentences.add(service + " is not declared by this sidecar (start it with --upstream " + service
                        + ") and is not in its configuration: requests for it are answered 404 no_route.");
            } else {
                sentences.add(service + " is declared (" + scope.how() + ") but the configuration has no cluster "
                        + "for it: the control plane sent none (is the service registered?).");
            }
            if (!refused.isEmpty()) {
                sentences.add("Refused now: " + joined(refused) + ".");
            }
            return true;
        }
        if (why.paths().isEmpty()) {
            sentences.add(service + " has a cluster but no listener or route of this sidecar leads to it.");
            return true;
        }
        List<String> ways = why.paths().stream().map(ServiceVerdict::path).distinct().limit(NAMED).toList();
        sentences.add(service + " is reached through " + String.join(", ", ways)
                + (why.paths().size() > ways.size() ? " and more" : "") + ".");
        if (!refused.isEmpty()) {
            sentences.add("Its latest configuration was refused and the previous one is kept: " + joined(refused) + ".");
            return true;
        }
        return false;
    }

    private static String path(ServiceWhy.PathToService path) {
        String where = path.listener() + " (" + path.address() + ":" + path.port() + ")";
        if (path.routeConfig() == null) {
            return where;
        }
        return where + " by " + path.match() + (path.weight() < 100 ? " for " + path.weight() + "% of its traffic" : "");
    }

    private static boolean endpoints(ServiceWhy why, List<String> sentences) {
        List<ServiceWhy.EndpointState> endpoints = why.endpoints();
        if (endpoints.isEmpty()) {
            sentences.add(why.service() + " has no endpoints: no instance of it is registered and healthy.");
            return true;
        }
        if (endpoints.stream().allMatch(endpoint -> endpoint.state().equals(ServiceWhy.EndpointState.UNKNOWN))) {
            sentences.add(why.service() + " has " + endpoints.size() + " endpoint" + (endpoints.size() == 1 ? "" : "s")
                    + "; their state is not known (no data plane runs yet).");
            return false;
        }
        long healthy = endpoints.stream().filter(ServiceWhy.EndpointState::healthy).count();
        List<ServiceWhy.EndpointState> down = endpoints.stream().filter(endpoint -> !endpoint.healthy()).toList();
        if (down.isEmpty()) {
            sentences.add(why.service() + " has " + healthy + " healthy endpoint" + (healthy == 1 ? "" : "s")
                    + " of " + endpoints.size() + ".");
            return false;
        }
        List<String> named = down.stream().limit(NAMED).map(ServiceVerdict::endpoint).toList();
        sentences.add(why.service() + " has " + healthy + " healthy endpoint" + (healthy == 1 ? "" : "s") + " of "
                + endpoints.size() + ": " + String.join("; ", named)
                + (down.size() > named.size() ? "; and " + (down.size() - named.size()) + " more" : "") + ".");
        if (why.cluster().panic()) {
            sentences.add("Too few are healthy, so its balancer is in panic mode and sends to all of them.");
        }
        return true;
    }

    private static String endpoint(ServiceWhy.EndpointState endpoint) {
        return switch (endpoint.state()) {
            case "ejected" -> endpoint.address() + " ejected by outlier detection (" + endpoint.ejectionReason()
                    + ") until " + endpoint.ejectedUntil().truncatedTo(ChronoUnit.SECONDS);
            case "failing_health_checks" -> endpoint.address() + " failing active health checks";
            case "circuit_open" -> endpoint.address() + " with its circuit breaker open";
            case "unreachable" -> endpoint.address() + " unreachable (its last connect failed)";
            case "circuit_half_open" -> endpoint.address() + " with its circuit breaker half open (probing)";
            default -> endpoint.address() + " " + endpoint.state();
        };
    }

    private static boolean failures(ServiceWhy why, List<String> sentences) {
        List<CauseCount> byCause = why.failures().byCause();
        if (!byCause.isEmpty()) {
            List<String> named = byCause.stream().limit(NAMED).map(count -> count.count() + " " + count.cause()
                    + " (" + Causes.meaning(count.cause()) + ids(count.requestIds()) + ")").toList();
            sentences.add("Failures since the start: " + String.join(", ", named)
                    + (byCause.size() > named.size() ? " and " + (byCause.size() - named.size()) + " more causes" : "")
                    + ".");
            return true;
        }
        List<ServiceWhy.RecentFailure> recent = why.failures().recent();
        if (!recent.isEmpty()) {
            Map<String, List<String>> byCauseInRing = recent.stream().collect(Collectors.groupingBy(
                    ServiceWhy.RecentFailure::cause, LinkedHashMap::new,
                    Collectors.mapping(ServiceWhy.RecentFailure::requestId, Collectors.toList())));
            List<String> named = new ArrayList<>();
            byCauseInRing.forEach((cause, ids) -> named.add(ids.size() + " " + cause + " (" + Causes.meaning(cause)
                    + ids(ids) + ")"));
            sentences.add("Recent requests for it failed: " + String.join(", ", named) + ".");
            return true;
        }
        return false;
    }

    private static String ids(List<String> ids) {
        List<String> named = ids.stream().filter(id -> id != null).limit(NAMED).toList();
        return named.isEmpty() ? "" : "; request ids " + String.join(", ", named);
    }

    private static boolean config(ServiceWhy.ConfigState config, List<String> sentences) {
        boolean wrong = false;
        for (ServiceWhy.TypeState type : config.types()) {
            if (type.nacked()) {
                String nack = type.lastNack() == null ? joined(type.refusedNow())
                        : "version " + type.lastNack().version() + ": " + type.lastNack().message();
                sentences.add("The last " + type.type() + " push was refused (NACK of " + nack + "); the sidecar "
                        + "keeps " + (type.acked() == null ? "none" : "version " + type.acked()) + ".");
                wrong = true;
            }
        }
        if (!config.connected()) {
            sentences.add("The control plane" + (config.controlPlane().isEmpty() ? "" : " " + config.controlPlane())
                    + " is not connected: the configuration may be out of date"
                    + (config.staleConfig() ? " (serving the one saved at " + config.staleSince() + ")" : "") + ".");
            wrong = true;
        }
        return wrong;
    }

    private static String joined(Map<String, String> reasons) {
        return reasons.entrySet().stream().map(entry -> entry.getKey() + ": " + entry.getValue())
                .collect(Collectors.joining("; "));
    }
}
