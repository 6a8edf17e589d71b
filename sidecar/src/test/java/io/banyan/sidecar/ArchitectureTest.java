package io.banyan.sidecar;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The sidecar's package map, in the order a request lives, bottom to top: a layer may use the layers below it,
 * never one above. ARCHITECTURE.md tells the same story; change both together.
 */
@AnalyzeClasses(packages = "io.banyan.sidecar", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Bottom to top: each layer's name and packages. The wiring ({@code io.banyan.sidecar} itself) is on top. */
    private static final List<Layer> LAYERS = List.of(
            new Layer("Core", "io.banyan.sidecar.core.."),
            new Layer("Metrics", "io.banyan.sidecar.metrics.."),
            new Layer("Load counts", "io.banyan.sidecar.loadstats.."),
            new Layer("Observation", "io.banyan.sidecar.observe.."),
            new Layer("Access log", "io.banyan.sidecar.accesslog.."),
            new Layer("Policy", "io.banyan.sidecar.route..", "io.banyan.sidecar.loadbalance..",
                    "io.banyan.sidecar.resilience..", "io.banyan.sidecar.edge.."),
            new Layer("Health", "io.banyan.sidecar.health.."),
            new Layer("Codec", "io.banyan.sidecar.codec..", "io.banyan.sidecar.timer.."),
            new Layer("Data dir", "io.banyan.sidecar.datadir.."),
            new Layer("Control plane client", "io.banyan.sidecar.xds", "io.banyan.sidecar.registration..",
                    "io.banyan.sidecar.appconfig.."),
            new Layer("Identity", "io.banyan.sidecar.tls.."),
            new Layer("Upstream", "io.banyan.sidecar.upstream..", "io.banyan.sidecar.cluster.."),
            new Layer("Protocol guards", "io.banyan.sidecar.http1..", "io.banyan.sidecar.http2..",
                    "io.banyan.sidecar.tcp.."),
            new Layer("Mirror", "io.banyan.sidecar.mirror.."),
            new Layer("Load reporting", "io.banyan.sidecar.xds.lrs.."),
            new Layer("Traces", "io.banyan.sidecar.trace.."),
            new Layer("Proxy", "io.banyan.sidecar.proxy.."),
            new Layer("Listener", "io.banyan.sidecar.listener.."),
            new Layer("Diagnosis", "io.banyan.sidecar.diagnose.."),
            new Layer("Admin", "io.banyan.sidecar.admin.."),
            new Layer("Wiring", "io.banyan.sidecar"));

    private record Layer(String name, String... packages) {
    }

    @ArchTest
    static final ArchRule layersAreOneWay = oneWay(LAYERS);

    private static Architectures.LayeredArchitecture oneWay(List<Layer> layers) {
        Architectures.LayeredArchitecture architecture = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (Layer layer : layers) {
            architecture = architecture.layer(layer.name()).definedBy(layer.packages());
        }
        for (int i = 0; i < layers.size(); i++) {
            String[] above = layers.subList(i + 1, layers.size()).stream().map(Layer::name).toArray(String[]::new);
            architecture = above.length == 0
                    ? architecture.whereLayer(layers.get(i).name()).mayNotBeAccessedByAnyLayer()
                    : architecture.whereLayer(layers.get(i).name()).mayOnlyBeAccessedByLayers(above);
        }
        return architecture;
    }

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("io.banyan.sidecar.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule vocabularyAndPolicyImportNoNetwork = noClasses()
            .that().resideInAnyPackage("io.banyan.sidecar.core..",
                    "io.banyan.sidecar.metrics..", "io.banyan.sidecar.loadstats..", "io.banyan.sidecar.route..", "io.banyan.sidecar.loadbalance..",
                    "io.banyan.sidecar.resilience..", "io.banyan.sidecar.edge..")
            .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "io.grpc..", "com.google.protobuf..",
                    "io.envoyproxy..")
            .because("routing, balancing, retry and breaker rules are plain Java, unit-tested with a fake clock");

    @ArchTest
    static final ArchRule protobufStaysInXds = noClasses()
            .that().resideOutsideOfPackage("io.banyan.sidecar.xds..")
            .should().dependOnClassesThat().resideInAnyPackage("com.google.protobuf..", "io.envoyproxy..")
            .because("xDS resources are translated to records once, at the edge");
}
