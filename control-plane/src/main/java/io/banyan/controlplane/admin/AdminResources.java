package io.banyan.controlplane.admin;

import io.banyan.adminserver.AdminResource;
import io.banyan.controlplane.appconfig.AppConfigBook;
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

/**
 * The configuration resources of the admin API, ready to hand to {@link AdminServer}; the writing ones answer their
 * dry runs through {@link DryRuns} ({@link DryRuns#withoutNodes()} where no xDS server runs), and those that take
 * {@link Rollouts} let a write ask for a staged rollout (null: a write that asks for one is a 400).
 */
public final class AdminResources {

    private AdminResources() {
    }

    /** Services, instances and join tokens. */
    public static List<AdminResource> registry(Registry registry, JoinTokens tokens) {
        List<AdminResource> all = new ArrayList<>();
        all.add(services(registry, DryRuns.withoutNodes()));
        all.addAll(instancesAndTokens(registry, tokens));
        return List.copyOf(all);
    }

    /** Instances and join tokens. */
    public static List<AdminResource> instancesAndTokens(Registry registry, JoinTokens tokens) {
        return List.of(new InstancesResource(registry), new TokensResource(tokens));
    }

    /** Services ({@code /v1/services}, {@code /v1/services/{service}}): a service's creation and deletion. */
    public static RevertibleResource services(Registry registry, DryRuns dryRuns) {
        return new ServicesResource(registry, dryRuns);
    }

    /** Operator routes per service ({@code /v1/services/{service}/routes}) and per gateway ({@code /v1/gateways/{name}/routes}). */
    public static List<RevertibleResource> routes(Registry registry, RouteBook routes, PolicyBook policies,
                                                  RouteCheck check, DryRuns dryRuns) {
        return routes(registry, routes, policies, check, dryRuns, null);
    }

    /** The same; a write may ask for a staged rollout ({@code rollouts} null: it may not). */
    public static List<RevertibleResource> routes(Registry registry, RouteBook routes, PolicyBook policies,
                                                  RouteCheck check, DryRuns dryRuns, Rollouts rollouts) {
        StagedWrites staged = staged(rollouts);
        return List.of(RoutesResource.services(registry, routes, policies, check, dryRuns, staged),
                RoutesResource.gateways(routes, policies, check, dryRuns, staged));
    }

    /** Migrations ({@code /v1/migrations}): created, read with their stats, acted on, deleted. */
    public static RevertibleResource migrations(MigrationBook book, MigrationController controller,
                                                Registry registry, DryRuns dryRuns) {
        return new MigrationsResource(book, controller, registry, dryRuns);
    }

    /**
     * The revisions of the mesh configuration ({@code /v1/revisions}); a revert writes through the resource of its
     * kind among {@code writers}.
     */
    public static AdminResource revisions(Revisions revisions, List<RevertibleResource> writers, DryRuns dryRuns) {
        return revisions(revisions, writers, dryRuns, null);
    }

    /** The revisions, each with the state of the rollout that staged it, if one did; a revert of a baking object 409. */
    public static AdminResource revisions(Revisions revisions, List<RevertibleResource> writers, DryRuns dryRuns,
                                          Rollouts rollouts) {
        return new RevisionsResource(revisions, writers, dryRuns, rollouts);
    }

    /** A rollout's write-back through the revert path of {@code writers} (as {@code ?force=true}). */
    public static Reverter reverter(Revisions revisions, List<RevertibleResource> writers) {
        return new RevisionsResource(revisions, writers, DryRuns.withoutNodes(), null)::revertForRollout;
    }

    /** The staged rollouts ({@code /v1/rollouts}). */
    public static AdminResource rollouts(Rollouts rollouts) {
        return new RolloutsResource(rollouts);
    }

    /** Authorization (allow lists, the default); a write may ask for a staged rollout ({@code rollouts} null: not). */
    public static RevertibleResource authorization(Authorizations authorizations, DryRuns dryRuns, Rollouts rollouts) {
        return new AuthorizationResource(authorizations, dryRuns, staged(rollouts));
    }

    /** App configuration per service ({@code /v1/services/{service}/config}), secrets never shown. */
    public static RevertibleResource appConfig(Registry registry, AppConfigBook book, DryRuns dryRuns,
                                               Rollouts rollouts) {
        return new AppConfigResource(registry, book, dryRuns, staged(rollouts));
    }

    /**
     * Per-service traffic policies ({@code /v1/services/{service}/policy}); {@code check} refuses, before it is
     * stored, a policy whose resources the sidecars would NACK.
     */
    public static RevertibleResource policies(Registry registry, PolicyBook policies, PolicyCheck check,
                                              DryRuns dryRuns) {
        return policies(registry, policies, check, dryRuns, null);
    }

    /** The same; a write may ask for a staged rollout ({@code rollouts} null: it may not). */
    public static RevertibleResource policies(Registry registry, PolicyBook policies, PolicyCheck check,
                                              DryRuns dryRuns, Rollouts rollouts) {
        return new PolicyResource(registry, policies, check, dryRuns, staged(rollouts));
    }

    private static StagedWrites staged(Rollouts rollouts) {
        return rollouts == null ? StagedWrites.NONE : new StagedWrites(rollouts);
    }
}
