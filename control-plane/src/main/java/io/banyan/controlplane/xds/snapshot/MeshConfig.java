package io.banyan.controlplane.xds.snapshot;

import io.banyan.controlplane.appconfig.AppConfigSnapshot;
import io.banyan.controlplane.authz.AllowList;
import io.banyan.controlplane.authz.AuthorizationSnapshot;
import io.banyan.controlplane.authz.DefaultMode;
import io.banyan.controlplane.migration.Migration;
import io.banyan.controlplane.migration.MigrationSnapshot;
import io.banyan.controlplane.policy.PolicySnapshot;
import io.banyan.controlplane.policy.TrafficPolicy;
import io.banyan.controlplane.registry.RegistrySnapshot;
import io.banyan.controlplane.route.OwnedRoutes;
import io.banyan.controlplane.route.RouteSnapshot;
import io.banyan.dataplane.config.AppConfig;

import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything the xDS snapshots are built from, at one revision of each part: what the publisher holds. Its
 * {@code with*} methods answer the configuration as one write would leave it (same revisions, nothing stored), so a
 * dry run can say what that write would publish ({@link SnapshotPreview}).
 */
public record MeshConfig(RegistrySnapshot registry, PolicySnapshot policies, AuthorizationSnapshot authorizations,
                         RouteSnapshot routes, MigrationSnapshot migrations, AppConfigSnapshot appConfigs) {

    public MeshConfig {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(policies, "policies");
        Objects.requireNonNull(authorizations, "authorizations");
        Objects.requireNonNull(routes, "routes");
        Objects.requireNonNull(migrations, "migrations");
        Objects.requireNonNull(appConfigs, "appConfigs");
    }

    public static MeshConfig empty() {
        return new MeshConfig(RegistrySnapshot.empty(), PolicySnapshot.empty(), AuthorizationSnapshot.empty(),
                RouteSnapshot.empty(), MigrationSnapshot.empty(), AppConfigSnapshot.empty());
    }

    public MeshConfig with(RegistrySnapshot next) {
        return new MeshConfig(next, policies, authorizations, routes, migrations, appConfigs);
    }

    public MeshConfig with(PolicySnapshot next) {
        return new MeshConfig(registry, next, authorizations, routes, migrations, appConfigs);
    }

    public MeshConfig with(AuthorizationSnapshot next) {
        return new MeshConfig(registry, policies, next, routes, migrations, appConfigs);
    }

    public MeshConfig with(RouteSnapshot next) {
        return new MeshConfig(registry, policies, authorizations, next, migrations, appConfigs);
    }

    public MeshConfig with(MigrationSnapshot next) {
        return new MeshConfig(registry, policies, authorizations, routes, next, appConfigs);
    }

    public MeshConfig with(AppConfigSnapshot next) {
        return new MeshConfig(registry, policies, authorizations, routes, migrations, next);
    }

    /** With service {@code name} known (no instances when it is new). */
    public MeshConfig withService(String name) {
        if (registry.services().containsKey(name)) {
            return this;
        }
        var services = new TreeMap<>(registry.services());
        services.put(name, List.of());
        return with(new RegistrySnapshot(registry.revision(), services));
    }

    /** Without service {@code name}. */
    public MeshConfig withoutService(String name) {
        var services = new TreeMap<>(registry.services());
        services.remove(name);
        return with(new RegistrySnapshot(registry.revision(), services));
    }

    /** With {@code policy} as {@code service}'s own (null: none, the default applies). */
    public MeshConfig withPolicy(String service, TrafficPolicy policy) {
        var next = new TreeMap<>(policies.policies());
        if (policy == null) {
            next.remove(service);
        } else {
            next.put(service, policy);
        }
        return with(new PolicySnapshot(policies.revision(), next));
    }

    /** With {@code list} as its service's allow list. */
    public MeshConfig withAllowList(AllowList list) {
        var lists = new TreeMap<>(authorizations.lists());
        lists.put(list.service(), list);
        return with(new AuthorizationSnapshot(authorizations.revision(), lists, authorizations.mode()));
    }

    /** Without {@code service}'s allow list (the default applies). */
    public MeshConfig withoutAllowList(String service) {
        var lists = new TreeMap<>(authorizations.lists());
        lists.remove(service);
        return with(new AuthorizationSnapshot(authorizations.revision(), lists, authorizations.mode()));
    }

    /** With {@code mode} as the mesh-wide authorization default. */
    public MeshConfig withDefaultMode(DefaultMode mode) {
        return with(new AuthorizationSnapshot(authorizations.revision(), authorizations.lists(), mode));
    }

    /** With {@code owned} in place of what its owner has (none: {@link OwnedRoutes#withoutRoutes}). */
    public MeshConfig withRoutes(OwnedRoutes owned) {
        return with(routes.with(owned));
    }

    /** With {@code migration} in place of the one of its name (or added). */
    public MeshConfig withMigration(Migration migration) {
        var next = new TreeMap<>(migrations.migrations());
        next.put(migration.name(), migration);
        return with(new MigrationSnapshot(migrations.revision(), next));
    }

    /** Without migration {@code name}. */
    public MeshConfig withoutMigration(String name) {
        var next = new TreeMap<>(migrations.migrations());
        next.remove(name);
        return with(new MigrationSnapshot(migrations.revision(), next));
    }

    /** With {@code config} as {@code service}'s app configuration as delivered (null: none). */
    public MeshConfig withAppConfig(String service, AppConfig config) {
        var next = new TreeMap<>(appConfigs.configs());
        if (config == null) {
            next.remove(service);
        } else {
            next.put(service, config);
        }
        return with(new AppConfigSnapshot(appConfigs.revision(), next, appConfigs.unreadable()));
    }
}
