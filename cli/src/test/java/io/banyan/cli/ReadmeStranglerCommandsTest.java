package io.banyan.cli;

import io.banyan.cli.gateway.GatewayCommand;
import io.banyan.cli.options.ConfigFile;
import io.banyan.cli.options.OptionSources;
import io.banyan.cli.sidecar.SidecarCommand;
import io.banyan.sidecar.SidecarSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README's "Strangling a monolith" runs as written on one machine: every {@code ./banyan} command of the section
 * parses, and the processes it starts (with the quick start's control plane and the registered monolith) bind no
 * port twice.
 */
class ReadmeStranglerCommandsTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Pattern PLACEHOLDER = Pattern.compile("<[^>]+>");
    /** The quick start's control plane: admin API and xDS on their default ports. */
    private static final Map<Integer, String> CONTROL_PLANE = Map.of(15080, "control-plane admin", 15010,
            "control-plane xds");

    @Test
    void everyCommandOfTheSectionParses() throws IOException {
        List<List<String>> commands = commands();

        assertThat(commands).extracting(command -> command.get(0))
                .contains("ctl", "gateway", "sidecar");
        for (List<String> command : commands) {
            CommandLine line = Cli.commandLine();
            line.setDefaultValueProvider(new OptionSources(Map.of(), ConfigFile.empty()));
            assertThat(line.parseArgs(command.toArray(String[]::new)).errors()).as(String.join(" ", command))
                    .isEmpty();
        }
    }

    @Test
    void theProcessesItStartsBindNoPortTwice() throws IOException {
        Map<Integer, String> bound = new HashMap<>(CONTROL_PLANE);
        List<String> clashes = new ArrayList<>();
        for (List<String> command : commands()) {
            String[] args = command.subList(1, command.size()).toArray(String[]::new);
            switch (command.get(0)) {
                case "gateway" -> {
                    SidecarSettings settings = settings(new GatewayCommand(), args, GatewayCommand::settings);
                    bind(bound, clashes, settings.adminPort(), "gateway admin");
                    bind(bound, clashes, settings.gateway().listenPort(), "gateway listener");
                }
                case "sidecar" -> {
                    SidecarSettings settings = settings(new SidecarCommand(), args, SidecarCommand::settings);
                    String who = "sidecar " + settings.service();
                    bind(bound, clashes, settings.adminPort(), who + " admin");
                    bind(bound, clashes, settings.inboundPort(), who + " inbound");
                    bind(bound, clashes, settings.outboundPort(), who + " outbound");
                    settings.upstreams().forEach((service, port) -> bind(bound, clashes, port, who + " " + service));
                }
                case "ctl" -> {
                    if (command.contains("register")) {
                        bind(bound, clashes, Integer.parseInt(command.get(command.indexOf("--port") + 1)),
                                "the monolith");
                    }
                }
                default -> {
                }
            }
        }

        assertThat(clashes).as("ports bound twice").isEmpty();
        assertThat(bound).as("the gateway and the orders sidecar are among them")
                .containsValues("gateway listener", "sidecar orders admin");
    }

    private static void bind(Map<Integer, String> bound, List<String> clashes, int port, String who) {
        String before = bound.putIfAbsent(port, who);
        if (before != null) {
            clashes.add(port + ": " + before + " and " + who);
        }
    }

    private interface SettingsOf<T> {
        SidecarSettings apply(T command);
    }

    private static <T> SidecarSettings settings(T command, String[] args, SettingsOf<T> settings) {
        CommandLine line = new CommandLine(command);
        line.setDefaultValueProvider(new OptionSources(Map.of(), ConfigFile.empty()));
        line.parseArgs(args);
        return settings.apply(command);
    }

    /** The section's {@code ./banyan} commands, continuations joined, comments dropped, placeholders filled. */
    private static List<List<String>> commands() throws IOException {
        String readme = Files.readString(README);
        int start = readme.indexOf("## Strangling a monolith");
        assertThat(start).as("README's section 'Strangling a monolith'").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end).replace("\\\n", " ");
        List<List<String>> commands = new ArrayList<>();
        for (String line : section.split("\n")) {
            String code = line.contains("#") ? line.substring(0, line.indexOf('#')) : line;
            if (code.strip().startsWith("./banyan ")) {
                Matcher filled = PLACEHOLDER.matcher(code.strip().substring("./banyan ".length()));
                commands.add(Arrays.asList(filled.replaceAll("x").split("\\s+")));
            }
        }
        return commands;
    }
}
