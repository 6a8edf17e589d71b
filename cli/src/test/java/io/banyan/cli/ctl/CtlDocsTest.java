package io.banyan.cli.ctl;

import io.banyan.cli.Cli;
import io.banyan.cli.options.ConfigFile;
import io.banyan.cli.options.OptionSources;
import io.banyan.cli.ctl.apply.Documents;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/cli.md and the README as written: every {@code banyan ctl} command they show parses; the example directory reads. */
class CtlDocsTest {

    private static final List<Path> DOCS = List.of(Path.of("..", "docs", "cli.md"), Path.of("..", "README.md"));
    private static final Pattern COMMAND = Pattern.compile("^(?:\\$ |\\./)banyan (ctl [^#|`&<\\n]*)$|"
            + "^(?:\\$ |\\./)banyan (ctl [^#|`&<\\n]*)#", Pattern.MULTILINE);

    @Test
    void everyCtlCommandShownParses() throws IOException {
        List<String> commands = new ArrayList<>();
        for (Path doc : DOCS) {
            Matcher command = COMMAND.matcher(Files.readString(doc));
            while (command.find()) {
                commands.add((command.group(1) != null ? command.group(1) : command.group(2)).strip());
            }
        }

        assertThat(commands).anyMatch(command -> command.startsWith("ctl apply"))
                .anyMatch(command -> command.startsWith("ctl diff")).anyMatch(command -> command.startsWith("ctl policy"));
        for (String command : commands) {
            CommandLine line = Cli.commandLine();
            line.setDefaultValueProvider(new OptionSources(Map.of(), ConfigFile.empty()));
            assertThat(line.parseArgs(command.split("\\s+")).errors()).as(command).isEmpty();
        }
    }

    @Test
    void theExampleDirectoryReads() throws IOException {
        assertThat(Documents.read(Path.of("..", "docs", "examples", "ctl-apply"))).hasSizeGreaterThan(5);
    }
}
