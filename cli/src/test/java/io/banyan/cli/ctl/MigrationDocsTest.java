package io.banyan.cli.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import io.banyan.cli.Cli;
import io.banyan.cli.options.ConfigFile;
import io.banyan.cli.options.OptionSources;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/migrations.md, docs/cli.md and the README as written: every {@code banyan ctl} command they show parses, and
 * the migration files of the first two read as the contract's body.
 */
class MigrationDocsTest {

    private static final List<Path> DOCS = List.of(Path.of("..", "docs", "migrations.md"), Path.of("..", "docs", "cli.md"));
    private static final List<Path> COMMANDS_IN = List.of(DOCS.get(0), DOCS.get(1), Path.of("..", "README.md"));
    /** A ctl command up to a comment or the line's end (a line with a {@code <placeholder>} is no command). */
    private static final Pattern COMMAND = Pattern.compile("^(?:\\$ |\\./)banyan (ctl [^#|`&<\\n]*)(?=#|$)",
            Pattern.MULTILINE);
    private static final Pattern MIGRATION_FILE = Pattern.compile("```yaml\\n(# orders-move\\.yaml[^\\n]*\\n(?:(?!```).*\\n)*)```");

    @Test
    void everyCommandShownParses() throws IOException {
        List<String> commands = new ArrayList<>();
        for (Path doc : COMMANDS_IN) {
            Matcher command = COMMAND.matcher(Files.readString(doc));
            while (command.find()) {
                commands.add(command.group(1).strip());
            }
        }

        assertThat(commands).hasSizeGreaterThan(10).anyMatch(command -> command.startsWith("ctl migrations watch"))
                .anyMatch(command -> command.startsWith("ctl apply")).anyMatch(command -> command.startsWith("ctl diff"))
                .anyMatch(command -> command.startsWith("ctl policy"));
        for (String command : commands) {
            CommandLine line = Cli.commandLine();
            line.setDefaultValueProvider(new OptionSources(Map.of(), ConfigFile.empty()));
            assertThat(line.parseArgs(command.split("\\s+")).errors()).as(command).isEmpty();
        }
    }

    @Test
    void theMigrationFilesReadAsTheContractsBody() throws IOException {
        List<JsonNode> files = new ArrayList<>();
        for (Path doc : DOCS) {
            Matcher file = MIGRATION_FILE.matcher(Files.readString(doc));
            while (file.find()) {
                files.add(BodyFile.MIGRATION.parse("orders-move.yaml", file.group(1)));
            }
        }

        assertThat(files).hasSize(2);
        for (JsonNode body : files) {
            assertThat(body.path("name").asText()).isEqualTo("orders-move");
            assertThat(body.at("/match/path/prefix").asText()).isEqualTo("/orders");
            assertThat(body.at("/guard/maxErrorRate").asDouble()).isEqualTo(0.01);
            assertThat(body.at("/compare/ignore/0").asText()).isEqualTo("$.timestamp");
            assertThat(Arrays.asList("name", "match", "from", "to", "gateway", "steps", "advance", "shadow", "compare",
                    "guard")).containsAll(() -> body.fieldNames());
        }
    }
}
