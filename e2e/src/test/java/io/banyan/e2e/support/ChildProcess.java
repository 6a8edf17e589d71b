package io.banyan.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * A {@code banyan} command run as a real process of this JVM's class path ({@code io.banyan.cli.BanyanMain}), in a
 * temporary directory of its own that holds its output: stderr (the process log, the startup lines) in
 * {@code output.log}, stdout (the access log, by default) in {@code stdout.log}; what {@link SidecarProcess} and
 * {@link ControlPlaneProcess} are made of. A test JVM that dies takes it along.
 */
final class ChildProcess implements AutoCloseable {

    private final Process process;
    private final Path dir;
    private final Path output;
    private final Path stdout;

    private ChildProcess(Process process, Path dir, Path output, Path stdout) {
        this.process = process;
        this.dir = dir;
        this.output = output;
        this.stdout = stdout;
    }

    /**
     * Starts {@code java [jvmOptions] -cp <class path> io.banyan.cli.BanyanMain <arguments>}, where {@code arguments}
     * may name {@link #dir()} through the directory it is given.
     */
    static ChildProcess start(String name, List<String> jvmOptions, Function<Path, List<String>> arguments) {
        try {
            Path dir = Files.createTempDirectory("banyan-" + name + "-process-");
            Path output = dir.resolve("output.log");
            Path stdout = dir.resolve("stdout.log");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.banyan.cli.BanyanMain"));
            command.addAll(arguments.apply(dir));
            Process process = new ProcessBuilder(command).redirectError(output.toFile())
                    .redirectOutput(stdout.toFile()).start();
            // a test JVM that dies (a fork killed at its timeout) takes its child with it
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, name + "-process-reaper"));
            return new ChildProcess(process, dir, output, stdout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits (up to {@code atMost}) for {@code line} in the output; fails at once if the process exits. */
    Matcher awaitLine(Pattern line, String what, Duration atMost) {
        AtomicReference<Matcher> found = new AtomicReference<>();
        await(what + " in " + output).atMost(atMost).until(() -> {
            Matcher matcher = line.matcher(output());
            if (matcher.find()) {
                found.set(matcher);
                return true;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("process exited with " + process.exitValue() + ": " + output()
                        + stdout());
            }
            return false;
        });
        return found.get();
    }

    Path dir() {
        return dir;
    }

    /** SIGTERM. */
    void terminate() {
        process.destroy();
    }

    /** SIGKILL, then waits for the exit. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** Waits for the exit (bounded). */
    void awaitExit() throws InterruptedException {
        process.waitFor(30, TimeUnit.SECONDS);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Everything it printed to stderr so far: its process log and startup lines. */
    String output() {
        return read(output);
    }

    /** Everything it printed to stdout so far (the access log, unless it goes elsewhere). */
    String stdout() {
        return read(stdout);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        ControlPlaneExtension.deleteRecursively(dir);
    }
}
