package io.banyan.cli.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** Body files (routes, migrations): YAML and JSON to the same JSON body, by extension or by sniffing stdin; syntax errors in one line. */
class BodyFileTest {

    private static final String YAML = """
            routes:
              - name: orders-canary
                match:
                  path: {prefix: /orders}
                  methods: [GET, POST]
                  headers:
                    - {name: x-canary, exact: "1"}
                to:
                  - {service: orders, weight: 10}
                  - {service: monolith, weight: 90}
                timeout: 5s
                mirror: {service: orders-v2, percent: 0.5}
            """;
    private static final String JSON = "{\"routes\":[{\"name\":\"orders-canary\",\"match\":{\"path\":{\"prefix\":\"/orders\"},"
            + "\"methods\":[\"GET\",\"POST\"],\"headers\":[{\"name\":\"x-canary\",\"exact\":\"1\"}]},"
            + "\"to\":[{\"service\":\"orders\",\"weight\":10},{\"service\":\"monolith\",\"weight\":90}],"
            + "\"timeout\":\"5s\",\"mirror\":{\"service\":\"orders-v2\",\"percent\":0.5}}]}";

    @TempDir
    Path dir;

    @Test
    void yamlFileBecomesTheSameJsonBodyAsTheJsonFile() throws IOException {
        JsonNode fromYaml = BodyFile.ROUTES.read(write("routes.yaml", YAML), stdin(""));
        JsonNode fromJson = BodyFile.ROUTES.read(write("routes.json", JSON), stdin(""));

        assertThat(fromYaml.toString()).isEqualTo(JSON);
        assertThat(fromJson.toString()).isEqualTo(JSON);
        assertThat(fromYaml.at("/routes/0/to/0/weight").isInt()).isTrue();
        assertThat(fromYaml.at("/routes/0/match/headers/0/exact").isTextual()).as("quoted YAML stays a string").isTrue();
    }

    @Test
    void stdinIsSniffed() throws IOException {
        assertThat(BodyFile.ROUTES.read("-", stdin(YAML)).toString()).isEqualTo(JSON);
        assertThat(BodyFile.ROUTES.read("-", stdin("  \n" + JSON)).toString()).isEqualTo(JSON);
    }

    @Test
    void unknownFieldsPassThroughForTheServerToJudge() {
        assertThat(BodyFile.ROUTES.parse("r.yaml", "routes: []\nrotues: 1\n").toString()).isEqualTo("{\"routes\":[],\"rotues\":1}");
    }

    @Test
    void duplicateKeysAreAnErrorWithTheirLine() {
        assertThatThrownBy(() -> BodyFile.ROUTES.parse("r.yaml", "routes: []\nroutes: []\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("file: r.yaml: line 2, column ")
                .hasMessageContaining("Duplicate field 'routes'")
                .hasMessageEndingWith("(expected: a YAML or JSON object like {\"routes\": [...]})");
    }

    @Test
    void malformedJsonNamesTheLine() {
        assertThatThrownBy(() -> BodyFile.ROUTES.parse("r.json", "{\"routes\": [\n  {\"name\": }\n]}"))
                .hasMessageStartingWith("file: r.json: line 2, column ")
                .hasMessageContaining("Unexpected character");
    }

    @Test
    void aListOrNothingAtTheTopIsNotARoutesDocument() {
        assertThatThrownBy(() -> BodyFile.ROUTES.parse("-", "- a\n- b\n"))
                .hasMessage("file: stdin: array at the top (expected: a YAML or JSON object like {\"routes\": [...]})");
        assertThatThrownBy(() -> BodyFile.ROUTES.parse("r.yaml", ""))
                .hasMessage("file: r.yaml: empty (expected: a YAML or JSON object like {\"routes\": [...]})");
    }

    @Test
    void twoYamlDocumentsAreRefused() {
        assertThatThrownBy(() -> BodyFile.ROUTES.parse("r.yml", "routes: []\n---\nroutes: []\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("file: r.yml: ");
    }

    @Test
    void aMissingOrHugeFileIsNamed() throws IOException {
        assertThatThrownBy(() -> BodyFile.ROUTES.read(dir.resolve("nope.yaml").toString(), stdin("")))
                .hasMessageEndingWith("nope.yaml' does not exist (expected: a routes file, or - for stdin)");
        String huge = "routes: []\n" + "#".repeat(BodyFile.MAX_BYTES);
        assertThatThrownBy(() -> BodyFile.ROUTES.read("-", stdin(huge)))
                .hasMessage("file: stdin: larger than 1048576 bytes (expected: a routes file)");
    }

    private String write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text).toString();
    }

    private static ByteArrayInputStream stdin(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
