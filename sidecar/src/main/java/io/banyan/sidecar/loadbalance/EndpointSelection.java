package io.banyan.sidecar.loadbalance;

import io.banyan.dataplane.config.Endpoint;

import java.util.List;
import java.util.function.Predicate;

/**
 * Which endpoints a cluster balances over, before any algorithm runs, given which are healthy:
 * <ol>
 *   <li>Panic (Envoy): when fewer than {@code panicThresholdPercent} of all endpoints are healthy, all of
 *       them, healthy or not, and zones are ignored (Envoy disables zone-aware routing in panic).</li>
 *   <li>Zone preference (the simple form of Envoy's zone-aware routing): the healthy endpoints of the
 *       sidecar's zone, with the other healthy endpoints as the fallback once those are all tried or
 *       gone. Envoy additionally spills a share of traffic to other zones when the local zone holds fewer
 *       upstreams than it has callers; that needs the caller cluster's sizes, which a sidecar lacks.</li>
 *   <li>Otherwise: the healthy endpoints.</li>
 * </ol>
 */
public record EndpointSelection(List<Endpoint> primary, List<Endpoint> fallback, boolean panic) {

    public EndpointSelection {
        primary = List.copyOf(primary);
        fallback = List.copyOf(fallback);
    }

    public static EndpointSelection of(List<Endpoint> all, Predicate<Endpoint> healthy, String localZone,
                                       boolean zoneAware, double panicThresholdPercent) {
        List<Endpoint> up = all.stream().filter(healthy).toList();
        if (!all.isEmpty() && up.size() * 100.0 < panicThresholdPercent * all.size()) {
            return new EndpointSelection(all, List.of(), true);
        }
        if (zoneAware && localZone != null && !localZone.isEmpty()) {
            List<Endpoint> local = up.stream().filter(e -> localZone.equals(e.zone())).toList();
            if (!local.isEmpty() && local.size() < up.size()) {
                return new EndpointSelection(local, up, false);
            }
        }
        return new EndpointSelection(up, List.of(), false);
    }
}
