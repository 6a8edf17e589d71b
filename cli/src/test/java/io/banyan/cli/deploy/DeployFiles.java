package io.banyan.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The files of the repository's {@code deploy/} folder, as the tests of this package read them. */
final class DeployFiles {

    /** The repository root, seen from the cli module (surefire's working directory). */
    static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    static final Path DEPLOY = REPOSITORY.resolve("deploy");
    static final Path KUBERNETES = DEPLOY.resolve("kubernetes");
    static final Path DOCKER = DEPLOY.resolve("docker");
    static final Path SYSTEMD = DEPLOY.resolve("systemd");
    static final Path EXAMPLES = DEPLOY.resolve("examples");
    static final Path LAUNCHER = REPOSITORY.resolve("banyan");

    private static final YAMLMapper YAML = new YAMLMapper();

    private DeployFiles() {
    }

    /** Every regular file under {@code deploy/}, sorted. */
    static List<Path> all() {
        return under(DEPLOY, "");
    }

    /** The regular files under {@code dir} whose name ends with {@code suffix}, sorted. */
    static List<Path> under(Path dir, String suffix) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(file -> file.getFileName().toString().endsWith(suffix))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The YAML documents of {@code file}, empty ones left out. */
    static List<JsonNode> yamlDocuments(Path file) {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNext()) {
                JsonNode document = it.next();
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    documents.add(document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": not YAML", e);
        }
        return documents;
    }

    /**
     * The YAML documents of {@code file} with anchors, aliases and merge keys ({@code <<: *anchor}) resolved, as
     * docker compose reads them (SnakeYAML; Jackson's tree model leaves aliases unresolved).
     */
    static List<JsonNode> yamlDocumentsWithAliases(Path file) {
        List<JsonNode> documents = new ArrayList<>();
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(read(file))) {
            if (document != null) {
                documents.add(YAML.valueToTree(document));
            }
        }
        return documents;
    }

    /** {@code file} relative to the repository, for messages. */
    static String name(Path file) {
        return REPOSITORY.relativize(file).toString();
    }
}
