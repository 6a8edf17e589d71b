package io.banyan.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code banyan control-plane --admin-tokens-file FILE --check}: the named admin tokens, and each error naming its entry. */
class AdminTokensFileTest {

    @TempDir
    Path dir;

    private CliRun check(String fileName, String content, String... more) throws Exception {
        Path file = dir.resolve(fileName);
        Files.writeString(file, content);
        String[] args = new String[4 + more.length];
        args[0] = "control-plane";
        args[1] = "--admin-tokens-file";
        args[2] = file.toString();
        args[3] = "--check";
        System.arraycopy(more, 0, args, 4, more.length);
        return CliRun.run(Map.of(), args);
    }

    @Test
    void aYamlOrJsonListOfNamedTokensIsGood() throws Exception {
        CliRun yaml = check("tokens.yaml", """
                - name: alice
                  token: alice-0123456789abcdef
                - name: deploy-bot
                  token: bot-0123456789abcdef
                """, "--admin-token", "the-admin-token");
        assertThat(yaml.exitCode).as(yaml.err).isZero();
        assertThat(yaml.out).contains("configuration good (3 admin tokens)");

        CliRun json = check("tokens.json", "[{\"name\": \"alice\", \"token\": \"alice-0123456789abcdef\"}]");
        assertThat(json.exitCode).as(json.err).isZero();
        assertThat(json.out).contains("(1 admin tokens)");
    }

    @Test
    void badEntriesAreOneLineExit2NamingTheEntry() throws Exception {
        assertRefused(check("t.yaml", "- name: Alice\n  token: alice-0123456789abcdef\n"),
                "admin-tokens-file: entry 1: name: 'Alice' (expected: ");
        assertRefused(check("t.yaml", "- name: alice\n  token: short\n"),
                "admin-tokens-file: entry 1 (name 'alice'): token: 5 characters (expected: at least 16)");
        assertRefused(check("t.yaml", "- name: alice\n  token: alice-0123456789abcdef\n  role: admin\n"),
                "admin-tokens-file: entry 1: unknown field 'role' (expected: name, token)");
        assertRefused(check("t.yaml", "- name: alice\n  token: alice-0123456789abcdef\n"
                        + "- name: alice\n  token: other-0123456789abcdef\n"),
                "admin-tokens-file: entry 2 (name 'alice'): the name is taken (expected: each name once)");
        assertRefused(check("t.yaml", "- name: alice\n  token: alice-0123456789abcdef\n"
                        + "- name: bob\n  token: alice-0123456789abcdef\n"),
                "admin-tokens-file: entry 2 (name 'bob'): the token is another entry's (expected: a token of its own)");
        assertRefused(check("t.yaml", "- name: admin\n  token: alice-0123456789abcdef\n", "--admin-token", "x"),
                "admin-tokens-file: entry 1 (name 'admin'): the name is taken by --admin-token (expected: each name"
                        + " once)");
        assertRefused(check("t.yaml", "name: alice\n"), "(expected: a YAML or JSON list of {name, token})");
        assertRefused(check("t.yaml", "- name: alice\n  token: \" alice-0123456789abcdef\"\n"),
                "admin-tokens-file: entry 1 (name 'alice'): token: leading or trailing whitespace (expected: none;");
        CliRun malformed = check("t.yaml", "- name: alice\n  token: [secret-0123456789abcdef\n");
        assertRefused(malformed, "malformed YAML at line ");
        assertThat(malformed.err).as("the parser's message may quote the token").doesNotContain("secret-0123");
        CliRun missing = CliRun.run(Map.of(), "control-plane", "--admin-tokens-file", dir.resolve("none").toString(),
                "--check");
        assertRefused(missing, "admin-tokens-file: '" + dir.resolve("none") + "' does not exist");
    }

    private static void assertRefused(CliRun run, String message) {
        assertThat(run.exitCode).as(run.err).isEqualTo(2);
        assertThat(run.err).startsWith("banyan control-plane: ").contains(message);
        assertThat(run.err.strip().lines()).hasSize(1);
    }
}
