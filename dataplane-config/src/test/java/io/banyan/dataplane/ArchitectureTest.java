package io.banyan.dataplane;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The data plane's configuration is plain Java: the records import no protobuf, and the translation imports no
 * network code, so the control plane can run it over what it is about to publish.
 */
@AnalyzeClasses(packages = "io.banyan.dataplane", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule recordsImportNoProtobufOrNetwork = noClasses()
            .that().resideInAPackage("io.banyan.dataplane.config..")
            .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "io.grpc..", "com.google.protobuf..",
                    "io.envoyproxy..", "io.banyan.dataplane.xds..")
            .because("the data plane never sees protobuf: xDS is translated into these records once, at the edge");

    @ArchTest
    static final ArchRule translationImportsNoNetwork = noClasses()
            .that().resideInAPackage("io.banyan.dataplane..")
            .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "io.grpc..", "io.banyan.sidecar..",
                    "io.banyan.controlplane..")
            .because("translating xDS resources into config records is plain Java on protobuf, shared by the sidecar"
                    + " and the control plane");
}
