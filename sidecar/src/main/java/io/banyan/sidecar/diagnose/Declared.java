package io.banyan.sidecar.diagnose;

import java.util.Map;
import java.util.Set;

/**
 * The services a sidecar was started calling: by explicit upstream port ({@code --upstream orders=9001}, the bound
 * port), through the shared outbound port only ({@code --upstream orders}), or all of them ({@code --upstream '*'}); a
 * gateway declares none (its routes name its clusters).
 */
public record Declared(Map<String, Integer> ports, Set<String> shared, boolean all, boolean gateway) {

    public static final Declared NONE = new Declared(Map.of(), Set.of(), false, false);
    /** How a gateway reaches a service: by its routes. */
    static final String GATEWAY_ROUTES = "gateway routes";

    public Declared {
        ports = Map.copyOf(ports);
        shared = Set.copyOf(shared);
    }

    boolean declares(String service) {
        return all || ports.containsKey(service) || shared.contains(service);
    }

    /** How {@code service} is declared, in words. */
    String how(String service) {
        Integer port = ports.get(service);
        if (port != null) {
            return "upstream port " + port;
        }
        if (shared.contains(service)) {
            return "shared outbound port";
        }
        if (all) {
            return "every service (--upstream '*')";
        }
        return gateway ? GATEWAY_ROUTES : "not declared";
    }
}
