package io.banyan.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code banyan control-plane --config-key-file FILE --check}: a 32-byte base64 key, else exit 2 naming the file. */
class ConfigKeyFileCheckTest {

    @TempDir
    Path dir;

    private CliRun check(String content) throws Exception {
        Path file = Files.writeString(dir.resolve("config.key"), content);
        return CliRun.run(Map.of(), "control-plane", "--config-key-file", file.toString(), "--check");
    }

    @Test
    void a32ByteBase64KeyIsGood() throws Exception {
        CliRun good = check(Base64.getEncoder().encodeToString(new byte[32]) + "\n");

        assertThat(good.exitCode).as(good.err).isZero();
        assertThat(good.out).contains("configuration good");
    }

    @Test
    void anythingElseIsOneLineExit2NamingTheFile() throws Exception {
        CliRun shortKey = check(Base64.getEncoder().encodeToString(new byte[16]));
        assertThat(shortKey.exitCode).isEqualTo(2);
        assertThat(shortKey.err.strip()).isEqualTo("banyan control-plane: config-key-file: " + dir.resolve("config.key")
                + " holds 16 bytes (expected: 32 bytes, base64)");

        CliRun notBase64 = check("not a key!");
        assertThat(notBase64.exitCode).isEqualTo(2);
        assertThat(notBase64.err).contains("is not base64 (expected: 32 bytes, base64)");
    }
}
