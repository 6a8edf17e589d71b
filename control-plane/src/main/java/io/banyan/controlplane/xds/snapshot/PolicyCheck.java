package io.banyan.controlplane.xds.snapshot;

import com.google.protobuf.Message;
import io.banyan.api.xds.NodeMetadata;
import io.banyan.api.xds.Upstream;
import io.banyan.controlplane.authz.AuthorizationSnapshot;
import io.banyan.controlplane.policy.PolicySnapshot;
import io.banyan.controlplane.policy.TrafficPolicy;
import io.banyan.controlplane.registry.InstanceHealth;
import io.banyan.controlplane.registry.InvalidFieldException;
import io.banyan.controlplane.registry.RegistrySnapshot;
import io.envoyproxy.controlplane.cache.v3.Snapshot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Before a traffic policy is stored: builds the resources it produces for two representative nodes (a sidecar
 * calling the service through the shared outbound port and an explicit upstream port, and a sidecar of the service
 * itself, whose inbound side carries its rate limit) and decodes them with the sidecars' own translators
 * ({@link ResourceCheck}). Whatever a sidecar would NACK is refused, naming the policy section it comes from.
 */
public final class PolicyCheck {

    private static final String CALLER = "banyan-policy-check";
    private static final int UPSTREAM_PORT = 9001;
    private static final int APP_PORT = 8080;
    private static final int GATEWAY_PORT = 8443;
    /** Translator field names, in the order they are tried, to the policy section that writes them. */
    private static final Map<String, String> SECTIONS = sections();

    private final SnapshotBuilder builder;
    private final ResourceCheck check;

    public PolicyCheck(SnapshotBuilder builder, ResourceCheck check) {
        this.builder = builder;
        this.check = check;
    }

    /** @throws InvalidFieldException naming the policy section (e.g. {@code retries}) a sidecar would refuse */
    public void check(String service, TrafficPolicy policy) {
        List<String> errors = errors(service, policy);
        if (!errors.isEmpty()) {
            String reason = errors.get(0);
            String field = sectionOf(reason);
            throw new InvalidFieldException(field, field + ": " + reason + " (expected: what the sidecars accept)");
        }
    }

    /** Every message the sidecars' translators give for what {@code policy} of {@code service} produces. */
    public List<String> errors(String service, TrafficPolicy policy) {
        RegistrySnapshot registry = registryOf(service);
        PolicySnapshot policies = new PolicySnapshot(0, new TreeMap<>(Map.of(service, policy)));
        return errors(service, node -> builder.build(node, registry, policies, AuthorizationSnapshot.empty()));
    }

    /**
     * Every message the sidecars' translators give for the snapshots {@code build} makes for the representative
     * nodes of {@code service}: the hook for any other per-service object about to be stored (e.g. its routes:
     * {@code errors(service, node -> builder.build(node, registry, policies, authorizations, routesWithTheNewOnes))}).
     */
    public List<String> errors(String service, Function<SidecarNode, Snapshot> build) {
        List<String> errors = new ArrayList<>();
        for (SidecarNode node : List.of(caller(service), own(service))) {
            addErrors(build.apply(node), errors);
        }
        return errors;
    }

    /**
     * Every message the sidecars' translators give for the snapshot {@code build} makes for an edge gateway named
     * {@code gateway} (its listener and its {@code gateway|<name>} routes).
     */
    public List<String> gatewayErrors(String gateway, Function<SidecarNode, Snapshot> build) {
        List<String> errors = new ArrayList<>();
        addErrors(build.apply(gateway(gateway)), errors);
        return errors;
    }

    /** A registry holding {@code service} only, with no instances: what a check builds its snapshots from. */
    static RegistrySnapshot registryOf(String service) {
        TreeMap<String, List<InstanceHealth>> services = new TreeMap<>();
        if (service != null) {
            services.put(service, List.of());
        }
        return new RegistrySnapshot(0, services);
    }

    private void addErrors(Snapshot snapshot, List<String> errors) {
        addErrors(snapshot.clusters().resources().values(), errors);
        addErrors(snapshot.endpoints().resources().values(), errors);
        addErrors(snapshot.listeners().resources().values(), errors);
        addErrors(snapshot.routes().resources().values(), errors);
    }

    private void addErrors(Iterable<? extends Message> resources, List<String> errors) {
        for (Message resource : resources) {
            for (String error : check.errors(resource)) {
                if (!errors.contains(error)) {
                    errors.add(error);
                }
            }
        }
    }

    private static SidecarNode caller(String service) {
        return new SidecarNode("policy-check~" + CALLER, CALLER, CALLER, "", List.of(new Upstream(service, UPSTREAM_PORT)),
                NodeMetadata.DEFAULT_OUTBOUND_ADDRESS, NodeMetadata.DEFAULT_OUTBOUND_PORT,
                NodeMetadata.DEFAULT_INBOUND_ADDRESS, 0, 0, true, List.of());
    }

    private static SidecarNode own(String service) {
        return new SidecarNode("policy-check~" + service, service, service, "", List.of(),
                NodeMetadata.DEFAULT_OUTBOUND_ADDRESS, NodeMetadata.DEFAULT_OUTBOUND_PORT,
                NodeMetadata.DEFAULT_INBOUND_ADDRESS, NodeMetadata.DEFAULT_INBOUND_PORT, APP_PORT, true, List.of());
    }

    private static SidecarNode gateway(String name) {
        return new SidecarNode("policy-check~" + name, name, name, "", List.of(), NodeMetadata.DEFAULT_INBOUND_ADDRESS,
                GATEWAY_PORT, NodeMetadata.DEFAULT_INBOUND_ADDRESS, 0, 0, null, true, List.of(), name);
    }

    static String sectionOf(String reason) {
        for (Map.Entry<String, String> section : SECTIONS.entrySet()) {
            if (reason.contains(section.getKey())) {
                return section.getValue();
            }
        }
        return "body";
    }

    private static Map<String, String> sections() {
        Map<String, String> sections = new LinkedHashMap<>();
        sections.put("retry_policy", "retries");
        sections.put("hash_policy", "loadBalancing.hash");
        sections.put("local_ratelimit", "rateLimit");
        sections.put("circuit_breakers", "circuitBreaking");
        sections.put("outlier_detection", "outlierDetection");
        sections.put("health_checks", "healthCheck");
        sections.put("lb_policy", "loadBalancing");
        sections.put("lb_config", "loadBalancing");
        sections.put("timeout", "timeouts");
        return Collections.unmodifiableMap(sections);
    }
}
