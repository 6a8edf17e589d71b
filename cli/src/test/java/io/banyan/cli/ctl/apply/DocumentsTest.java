package io.banyan.cli.ctl.apply;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DocumentsTest {

    @TempDir
    Path dir;

    @Test
    void readsEveryYamlAndJsonFileOfADirectoryInApplyOrder() throws IOException {
        Files.writeString(dir.resolve("a-routes.yaml"), """
                kind: Routes
                name: monolith
                spec: {routes: []}
                ---
                kind: Policy
                name: orders
                spec: {timeouts: {request: 3s}}
                ---
                """);
        Files.writeString(dir.resolve("b-service.json"), "{\"kind\": \"Service\", \"name\": \"orders\"}");
        Files.writeString(dir.resolve("c-default.yml"), "kind: AuthorizationDefault\nspec: {mode: allow-all}\n");
        Files.writeString(dir.resolve("notes.txt"), "not a document");
        Files.createDirectory(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub").resolve("x.yaml"), "kind: Nope\n");

        List<Document> documents = Documents.read(dir);

        assertThat(documents).extracting(Document::id).containsExactly("Service/orders", "Policy/orders",
                "AuthorizationDefault/*", "Routes/monolith");
        assertThat(documents.get(1).source()).isEqualTo(dir.resolve("a-routes.yaml") + "#2");
        assertThat(documents.get(1).spec().toString()).isEqualTo("{\"timeouts\":{\"request\":\"3s\"}}");
        assertThat(documents.get(0).spec().isEmpty()).isTrue();
    }

    @Test
    void theDocumentedExampleDirectoryReads() throws IOException {
        assertThat(Documents.read(Path.of("..", "docs", "examples", "ctl-apply"))).extracting(Document::kind)
                .contains(DocumentKind.SERVICE, DocumentKind.POLICY, DocumentKind.ROUTES, DocumentKind.GATEWAY_ROUTES);
    }

    @Test
    void aMigrationsBodyCarriesItsName() throws IOException {
        Path file = Files.writeString(dir.resolve("m.yaml"), "kind: Migration\nname: orders-move\nspec: {from: a, to: b}\n");

        assertThat(Documents.read(file).get(0).body().toString())
                .isEqualTo("{\"from\":\"a\",\"to\":\"b\",\"name\":\"orders-move\"}");
    }

    @Test
    void refusesWhatIsNoDocumentNamingWhere() throws IOException {
        Path unknownKind = Files.writeString(dir.resolve("k.yaml"), "kind: Polcy\nname: orders\n");
        Path unknownField = Files.writeString(dir.resolve("f.yaml"), "kind: Policy\nname: orders\nspecs: {}\n");
        Path noName = Files.writeString(dir.resolve("n.yaml"), "kind: Routes\nspec: {routes: []}\n");
        Path twice = Files.writeString(dir.resolve("t.yaml"), "kind: Service\nname: a\n---\nkind: Service\nname: a\n");
        Path serviceSpec = Files.writeString(dir.resolve("s.yaml"), "kind: Service\nname: a\nspec: {x: 1}\n");
        Path migrationName = Files.writeString(dir.resolve("m.yaml"), "kind: Migration\nname: a\nspec: {name: b}\n");
        Path broken = Files.writeString(dir.resolve("b.json"), "{\"kind\": ");

        assertThatThrownBy(() -> Documents.read(unknownKind)).hasMessage(unknownKind + "#1: kind: 'Polcy' (expected: one "
                + "of Service, Policy, Authorization, AuthorizationDefault, Config, Routes, GatewayRoutes, Migration)");
        assertThatThrownBy(() -> Documents.read(unknownField))
                .hasMessage(unknownField + "#1: specs: unknown field (expected: kind, name, spec)");
        assertThatThrownBy(() -> Documents.read(noName)).hasMessageStartingWith(noName + "#1: name: '' (expected: ");
        assertThatThrownBy(() -> Documents.read(twice)).hasMessage(twice + "#2: Service/a is declared twice");
        assertThatThrownBy(() -> Documents.read(serviceSpec)).hasMessageContaining("spec: {\"x\":1} (expected: none or {}");
        assertThatThrownBy(() -> Documents.read(migrationName)).hasMessageContaining("spec.name: \"b\" (expected: ");
        assertThatThrownBy(() -> Documents.read(broken)).hasMessageStartingWith("file: " + broken + ": line 1: ");
        assertThatThrownBy(() -> Documents.read(dir.resolve("missing"))).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> Documents.read(Files.createDirectory(dir.resolve("empty"))))
                .hasMessageContaining("no documents");
    }
}
