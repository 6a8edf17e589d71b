package io.banyan.controlplane.admin;

import io.banyan.adminserver.AdminResource;
import io.banyan.adminserver.RouteTable;
import io.banyan.controlplane.xds.snapshot.InvalidResource;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /v1/xds/invalid-resources}: what the control plane holds back because the sidecars would refuse it,
 * so that it does not stop the other services' updates: resources left out of the published snapshots (service,
 * kind, resource, reason; the last good version of each stays published) and stored policies refused at startup
 * (service, reason; the default policy applies). Both empty when everything is published.
 */
public final class InvalidResourcesResource implements AdminResource {

    private final Supplier<List<InvalidResource>> invalid;
    private final Supplier<Map<String, String>> refusedPolicies;

    public InvalidResourcesResource(Supplier<List<InvalidResource>> invalid,
                                    Supplier<Map<String, String>> refusedPolicies) {
        this.invalid = invalid;
        this.refusedPolicies = refusedPolicies;
    }

    @Override
    public void addRoutes(RouteTable routes) {
        routes.add("GET", "/v1/xds/invalid-resources", request -> Json.response(200, new InvalidResources(
                invalid.get(), refusedPolicies.get().entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .map(entry -> new RefusedPolicy(entry.getKey(), entry.getValue()))
                        .toList())));
    }

    private record InvalidResources(List<InvalidResource> invalidResources, List<RefusedPolicy> refusedPolicies) {
    }

    private record RefusedPolicy(String service, String reason) {
    }
}
