package io.banyan.controlplane.admin;

import io.banyan.adminserver.AdminResource;
import io.banyan.controlplane.authz.Authorizations;
import io.banyan.controlplane.migration.MigrationBook;
import io.banyan.controlplane.migration.MigrationController;
import io.banyan.controlplane.policy.PolicyBook;
import io.banyan.controlplane.registry.Registry;
import io.banyan.controlplane.revision.Revisions;
import io.banyan.controlplane.rollout.Reverter;
import io.banyan.controlplane.rollout.Rollouts;
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
        return routes(registry, routes, policies, check, null);
    }

    /** The same; a write may ask for a staged rollout ({@code rollouts} null: it may not). */
    public static List<RevertibleResource> routes(Registry registry, RouteBook routes, PolicyBook policies,
                                                  RouteCheck check, Rollouts rollouts) {
        StagedWrites staged = staged(rollouts);
        return List.of(RoutesResource.services(registry, routes, policies, check, staged),
                RoutesResource.gateways(routes, policies, check, staged));
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
        return new RevisionsResource(revisions, writers, null);
    }

    /** The revisions, each with the state of the rollout that staged it, if one did; a revert of a baking object 409. */
    public static AdminResource revisions(Revisions revisions, List<RevertibleResource> writers, Rollouts rollouts) {
        return new RevisionsResource(revisions, writers, rollouts);
    }

    /** A rollout's write-back through the revert path of {@code writers} (as {@code ?force=true}). */
    public static Reverter reverter(Revisions revisions, List<RevertibleResource> writers) {
        return new RevisionsResource(revisions, writers, null)::revertForRollout;
    }

    /** The staged rollouts ({@code /v1/rollouts}). */
    public static AdminResource rollouts(Rollouts rollouts) {
        return new RolloutsResource(rollouts);
    }

    /** Authorization (allow lists, the default); a write may ask for a staged rollout. */
    public static RevertibleResource authorization(Authorizations authorizations, Rollouts rollouts) {
        return new AuthorizationResource(authorizations, staged(rollouts));
    }

    /**
     * Per-service traffic policies ({@code /v1/services/{service}/policy}); {@code check} refuses, before it is
     * stored, a policy whose resources the sidecars would NACK.
     */
    public static RevertibleResource policies(Registry registry, PolicyBook policies, PolicyCheck check) {
        return policies(registry, policies, check, null);
    }

    /** The same; a write may ask for a staged rollout ({@code rollouts} null: it may not). */
    public static RevertibleResource policies(Registry registry, PolicyBook policies, PolicyCheck check,
                                              Rollouts rollouts) {
        return new PolicyResource(registry, policies, check, staged(rollouts));
    }

    private static StagedWrites staged(Rollouts rollouts) {
        return rollouts == null ? StagedWrites.NONE : new StagedWrites(rollouts);
    }
}
