package io.banyan.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** {@code banyan <command> [options]}: only wires the real environment and streams to {@link Cli}. */
public final class BanyanMain {

    private BanyanMain() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int exitCode = new Cli(System.getenv(), out, err).run(args);
        out.flush();
        err.flush();
        System.exit(exitCode);
    }
}
