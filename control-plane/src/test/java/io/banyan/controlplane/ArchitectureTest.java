package io.banyan.controlplane;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The control plane's package graph is one-way, in the order a config change flows: the store; the state kept in it
 * (the revisions every configuration write records; the registry; then policy, routes, authz, token; the load reports kept (loadstats); the migrations over the routes and
 * the load reports), each published as revisioned snapshots; the xDS snapshot built from those; the certificate
 * authority; the gRPC serving (ADS, registration, LRS); the staged rollouts over the serving; the admin API; the wiring. A new import against that order
 * fails here, naming the offending class.
 */
@AnalyzeClasses(packages = "io.banyan.controlplane", importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class ArchitectureTest {

    private static final String ROOT = "io.banyan.controlplane";

    @ArchTest
    static final ArchRule layersFollowTheConfigChange = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("Metrics").definedBy(ROOT + ".metrics..")
            .layer("Store").definedBy(ROOT + ".store..")
            .layer("Revision").definedBy(ROOT + ".revision..")
            .layer("Registry").definedBy(ROOT + ".registry")
            .layer("Policy").definedBy(ROOT + ".policy..")
            .layer("Route").definedBy(ROOT + ".route..")
            .layer("Authz").definedBy(ROOT + ".authz..")
            .layer("Token").definedBy(ROOT + ".token..")
            .layer("LoadStats").definedBy(ROOT + ".loadstats..")
            .layer("Replica").definedBy(ROOT + ".replica..")
            .layer("Migration").definedBy(ROOT + ".migration..")
            .layer("AppConfig").definedBy(ROOT + ".appconfig..")
            .layer("Snapshot").definedBy(ROOT + ".xds.snapshot..")
            .layer("Ca").definedBy(ROOT + ".ca..")
            .layer("Serving").definedBy(ROOT + ".xds", ROOT + ".xds.lrs..", ROOT + ".registry.grpc..")
            .layer("Rollout").definedBy(ROOT + ".rollout..")
            .layer("Admin").definedBy(ROOT + ".admin..")
            .layer("Wiring").definedBy(ROOT)
            .whereLayer("Metrics").mayNotAccessAnyLayer()
            .whereLayer("Store").mayOnlyAccessLayers("Metrics")
            .whereLayer("Revision").mayOnlyAccessLayers("Store", "Metrics")
            .whereLayer("Replica").mayOnlyAccessLayers("LoadStats", "Store", "Metrics")
            .whereLayer("Registry").mayOnlyAccessLayers("Replica", "Revision", "Store", "Metrics")
            .whereLayer("Policy").mayOnlyAccessLayers("Replica", "Revision", "Registry", "Store", "Metrics")
            .whereLayer("Route").mayOnlyAccessLayers("Replica", "Policy", "Revision", "Registry", "Store", "Metrics")
            .whereLayer("Authz").mayOnlyAccessLayers("Revision", "Registry", "Store", "Metrics")
            .whereLayer("Token").mayOnlyAccessLayers("Registry", "Store", "Metrics")
            .whereLayer("LoadStats").mayOnlyAccessLayers("Metrics")
            .whereLayer("Migration").mayOnlyAccessLayers("Replica", "LoadStats", "Route", "Policy", "Revision", "Registry", "Store",
                    "Metrics")
            .whereLayer("AppConfig").mayOnlyAccessLayers("Replica", "Revision", "Registry", "Store", "Metrics")
            .whereLayer("Snapshot").mayOnlyAccessLayers("Registry", "Policy", "Route", "Migration", "Authz", "AppConfig",
                    "Metrics")
            .whereLayer("Ca").mayOnlyAccessLayers("Token", "Registry", "Store", "Metrics")
            .whereLayer("Serving").mayOnlyAccessLayers("Ca", "Snapshot", "Registry", "Policy", "Route", "Migration",
                    "LoadStats", "Authz", "AppConfig", "Token", "Store", "Metrics")
            .whereLayer("Rollout").mayOnlyAccessLayers("Replica", "Serving", "Snapshot", "Registry", "Revision", "Store", "Policy",
                    "Route", "Authz", "AppConfig", "LoadStats", "Metrics")
            .whereLayer("Admin").mayOnlyAccessLayers("Rollout", "Serving", "Ca", "Snapshot", "Registry", "Revision", "Policy",
                    "Route", "Migration", "LoadStats", "Authz", "AppConfig", "Token", "Store", "Metrics")
            .whereLayer("Wiring").mayNotBeAccessedByAnyLayer();

    @ArchTest
    static final ArchRule packagesFormNoCycle = slices().matching(ROOT + ".(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule snapshotBuildingKnowsNothingOfServing = noClasses()
            .that().resideInAPackage(ROOT + ".xds.snapshot..")
            .should().dependOnClassesThat().resideInAnyPackage("io.grpc..", "io.netty..",
                    "io.envoyproxy.controlplane.server..", ROOT + ".xds")
            .because("a snapshot is a function of the registry, policy, route and authorization snapshots;"
                    + " streams, nodes' connections and the cache belong to the serving package");

    @ArchTest
    static final ArchRule stateIsPlainJava = noClasses()
            .that().resideInAnyPackage(ROOT + ".store..", ROOT + ".registry", ROOT + ".policy..",
                    ROOT + ".revision..", ROOT + ".route..", ROOT + ".authz..", ROOT + ".token..", ROOT + ".metrics..", ROOT + ".loadstats..",
                    ROOT + ".migration..")
            .should().dependOnClassesThat().resideInAnyPackage("io.grpc..", "io.netty..")
            .because("the state and its rules are plain Java; protocols live in the serving and admin packages");

    @ArchTest
    static final ArchRule protobufStaysInTheXdsPackages = noClasses()
            .that().resideOutsideOfPackage(ROOT + ".xds..")
            .should().dependOnClassesThat().resideInAnyPackage("com.google.protobuf..", "io.envoyproxy..")
            .because("Envoy's protobuf resources are made and served in xds and xds.snapshot only");
}
