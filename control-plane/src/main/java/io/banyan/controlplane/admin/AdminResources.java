package io.banyan.controlplane.admin;

import io.banyan.adminserver.AdminResource;
import io.banyan.controlplane.appconfig.AppConfigBook;
import io.banyan.controlplane.migration.MigrationBook;
import io.banyan.controlplane.migration.MigrationController;
import io.banyan.controlplane.policy.PolicyBook;
import io.banyan.controlplane.registry.Registry;
import io.banyan.controlplane.revision.Revisions;
import io.banyan.controlplane.route.RouteBook;
import io.banyan.controlplane.token.JoinTokens;
import io.banyan.controlplane.xds.snapshot.PolicyCheck;
import io.banyan.controlplane.xds.snapshot.RouteCheck;

import java.util.ArrayList;
import java.util.List;

/** The registry part of the admin API, ready to hand to {@link AdminServer}. */
public final class AdminResources {

    private AdminResources() {
    }

    /** Services, instances and join tokens. */
    public static List<AdminResource> registry(Registry registry, JoinTokens tokens) {
        List<AdminResource> all = new ArrayList<>();
        all.add(services(registry));
        all.addAll(instancesAndTokens(registry, tokens));
        return List.copyOf(all);
    }

    /** Instances and join tokens. */
    public static List<AdminResource> instancesAndTokens(Registry registry, JoinTokens tokens) {
        return List.of(new InstancesResource(registry), new TokensResource(tokens));
    }

    /** Services ({@code /v1/services}, {@code /v1/services/{service}}): a service's creation and deletion. */
    public static RevertibleResource services(Registry registry) {
        return new ServicesResource(registry);
    }

    /** Operator routes per service ({@code /v1/services/{service}/routes}) and per gateway ({@code /v1/gateways/{name}/routes}). */
    public static List<RevertibleResource> routes(Registry registry, RouteBook routes, PolicyBook policies,
                                                  RouteCheck check) {
        return List.of(RoutesResource.services(registry, routes, policies, check),
                RoutesResource.gateways(routes, policies, check));
    }

    /** Migrations ({@code /v1/migrations}): created, read with their stats, acted on, deleted. */
    public static RevertibleResource migrations(MigrationBook book, MigrationController controller,
                                                Registry registry) {
        return new MigrationsResource(book, controller, registry);
    }

    /**
     * The revisions of the mesh configuration ({@code /v1/revisions}); a revert writes through the resource of its
     * kind among {@code writers}.
     */
    public static AdminResource revisions(Revisions revisions, List<RevertibleResource> writers) {
        return new RevisionsResource(revisions, writers);
    }

    /** App configuration per service ({@code /v1/services/{service}/config}), secrets never shown. */
    public static RevertibleResource appConfig(Registry registry, AppConfigBook book) {
        return new AppConfigResource(registry, book);
    }

    /**
     * Per-service traffic policies ({@code /v1/services/{service}/policy}); {@code check} refuses, before it is
     * stored, a policy whose resources the sidecars would NACK.
     */
    public static RevertibleResource policies(Registry registry, PolicyBook policies, PolicyCheck check) {
        return new PolicyResource(registry, policies, check);
    }
}
