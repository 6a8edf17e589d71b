package io.banyan.sidecar.appconfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.dataplane.config.AppConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AppConfigFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static AppConfig config(String version, String json) throws Exception {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        JSON.readTree(json).fields().forEachRemaining(entry -> values.put(entry.getKey(), entry.getValue()));
        return new AppConfig(version, values);
    }

    @Test
    void envLinesUpperCaseTheKeysAndQuoteWhatNeedsIt() throws Exception {
        AppConfig config = config("7", "{\"db.url\": \"postgres://db:5432/app\", \"feature-x\": true, \"n\": 3,"
                + " \"greeting\": \"hello world\", \"tricky\": \"a\\\"b$c\\nd\", \"limits\": {\"rps\": 10},"
                + " \"empty\": \"\"}");

        assertThat(EnvFormat.of(config)).isEqualTo("""
                DB_URL=postgres://db:5432/app
                EMPTY=
                FEATURE_X=true
                GREETING="hello world"
                LIMITS="{\\"rps\\":10}"
                N=3
                TRICKY="a\\"b\\$c\\nd"
                """);
    }

    @Test
    void theFileIsReplacedAtomicallyWithOwnerOnlyPermissions() throws Exception {
        Path file = dir.resolve("app.json");
        AppConfigFile writer = new AppConfigFile(file);

        writer.accept(config("1", "{\"a\": 1}"));
        writer.accept(config("2", "{\"a\": 2, \"pw\": \"s3cret\"}"));

        assertThat(JSON.readTree(file.toFile())).isEqualTo(JSON.readTree("{\"version\": \"2\","
                + " \"values\": {\"a\": 2, \"pw\": \"s3cret\"}}"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files).as("no temporary file left").containsExactly(file);
        }
    }

    @Test
    void aDotEnvPathGetsEnvLines() throws Exception {
        Path file = dir.resolve("app.env");

        new AppConfigFile(file).accept(config("1", "{\"db.url\": \"x\"}"));

        assertThat(Files.readString(file)).isEqualTo("DB_URL=x\n");
    }
}
