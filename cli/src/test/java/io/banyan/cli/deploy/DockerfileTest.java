package io.banyan.cli.deploy;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image, read (no container engine runs here): it runs the launcher, with the jars where the launcher looks for
 * them, as a non-root user, with a health check; every file it copies from the build context exists.
 */
class DockerfileTest {

    private static final String DOCKERFILE = DeployFiles.read(DeployFiles.DOCKER.resolve("Dockerfile"));
    private static final Pattern INSTRUCTION = Pattern.compile("(?m)^(FROM|COPY|USER|ENTRYPOINT|HEALTHCHECK)\\s+(.*)$");

    @Test
    void theEntrypointIsTheLauncherAndTheJarsAreWhereItLooks() {
        String launcher = DeployProcesses.launcherPath();
        String root = launcher.substring(0, launcher.lastIndexOf('/'));
        assertThat(instructions("ENTRYPOINT")).containsExactly("[\"" + launcher + "\"]");
        assertThat(instructions("COPY")).contains("--from=build /src/banyan " + launcher);

        // The launcher's TARGET="$ROOT/cli/$OUT" with OUT's default, as in ./banyan.
        String script = DeployFiles.read(DeployFiles.LAUNCHER);
        Matcher out = Pattern.compile("OUT=\"\\$\\{BANYAN_BUILD_DIR:-([\\w.-]+)}\"").matcher(script);
        Matcher target = Pattern.compile("TARGET=\"\\$ROOT/([^\"]+)\"").matcher(script);
        assertThat(out.find() && target.find()).as("./banyan sets OUT and TARGET").isTrue();
        String jars = root + "/" + target.group(1).replace("$OUT", out.group(1)) + "/";
        assertThat(instructions("COPY")).contains("--from=build /src/cli/target/banyan-cli-*.jar " + jars,
                "--from=build /src/cli/target/lib/ " + jars + "lib/");
    }

    @Test
    void itRunsAsANonRootUserWithAHealthCheck() {
        List<String> users = instructions("USER");
        assertThat(users).isNotEmpty();
        assertThat(users.get(users.size() - 1)).as("the last USER").matches("[1-9][0-9]*(:[1-9][0-9]*)?");
        assertThat(instructions("HEALTHCHECK")).singleElement().asString().contains("/opt/banyan/healthcheck");
        assertThat(instructions("COPY")).contains("deploy/docker/healthcheck /opt/banyan/healthcheck");
        assertThat(Files.isExecutable(DeployFiles.DOCKER.resolve("healthcheck"))).as("healthcheck executable").isTrue();
    }

    @Test
    void everyFileCopiedFromTheBuildContextExists() {
        List<String> missing = new ArrayList<>();
        for (String copy : instructions("COPY")) {
            if (copy.startsWith("--from=")) {
                continue;
            }
            String[] words = copy.split("\\s+");
            for (int i = 0; i < words.length - 1; i++) {
                if (!words[i].equals(".") && !Files.exists(DeployFiles.REPOSITORY.resolve(words[i]))) {
                    missing.add(words[i]);
                }
            }
        }
        assertThat(instructions("COPY")).isNotEmpty();
        assertThat(missing).isEmpty();
    }

    private static List<String> instructions(String name) {
        List<String> found = new ArrayList<>();
        Matcher matcher = INSTRUCTION.matcher(DOCKERFILE);
        while (matcher.find()) {
            if (matcher.group(1).equals(name)) {
                found.add(matcher.group(2).strip());
            }
        }
        return found;
    }
}
