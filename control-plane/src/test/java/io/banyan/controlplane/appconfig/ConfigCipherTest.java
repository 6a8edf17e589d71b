package io.banyan.controlplane.appconfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigCipherTest {

    private static final byte[] KEY = new byte[32];

    static {
        Arrays.fill(KEY, (byte) 7);
    }

    private final ConfigCipher cipher = new ConfigCipher(KEY, new SecureRandom());

    @Test
    void sealedOpensUnderTheSameServiceAndKeyAndHidesThePlaintext() throws Exception {
        String sealed = cipher.seal("orders", "db.password", "hunter2");

        assertThat(sealed).startsWith("v1:").doesNotContain("hunter2");
        assertThat(cipher.open("orders", "db.password", sealed)).isEqualTo("hunter2");
    }

    @Test
    void aFreshIvPerValue() {
        assertThat(cipher.seal("orders", "pw", "same")).isNotEqualTo(cipher.seal("orders", "pw", "same"));
    }

    @Test
    void aCiphertextMovedToAnotherKeyOrServiceDoesNotOpen() {
        String sealed = cipher.seal("orders", "pw", "hunter2");

        assertThatThrownBy(() -> cipher.open("orders", "other", sealed))
                .isInstanceOf(SecretUnreadableException.class).hasMessageContaining("secret 'other' of service 'orders'")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> cipher.open("payments", "pw", sealed))
                .isInstanceOf(SecretUnreadableException.class);
    }

    @Test
    void anotherKeyOrAnAlteredCiphertextDoesNotOpen() {
        String sealed = cipher.seal("orders", "pw", "hunter2");
        byte[] other = KEY.clone();
        other[0] = 8;

        assertThatThrownBy(() -> new ConfigCipher(other, new SecureRandom()).open("orders", "pw", sealed))
                .isInstanceOf(SecretUnreadableException.class).hasMessageContaining("does not decrypt");
        // a character in the middle: every one of its 6 bits is data (near the padding some are not)
        int middle = sealed.length() / 2;
        String altered = sealed.substring(0, middle) + (sealed.charAt(middle) == 'A' ? 'B' : 'A')
                + sealed.substring(middle + 1);
        assertThatThrownBy(() -> cipher.open("orders", "pw", altered)).isInstanceOf(SecretUnreadableException.class);
        assertThatThrownBy(() -> cipher.open("orders", "pw", "plain")).isInstanceOf(SecretUnreadableException.class)
                .hasMessageContaining("not sealed");
    }

    @Test
    void theDataDirKeyIsGeneratedOnceWithOwnerOnlyPermissions(@TempDir Path dir) throws Exception {
        byte[] first = ConfigKeyFile.inDataDir(dir, new SecureRandom());
        byte[] second = ConfigKeyFile.inDataDir(dir, new SecureRandom());

        assertThat(first).hasSize(32).isEqualTo(second);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("config.key"))))
                .isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files).extracting(path -> path.getFileName().toString()).containsExactly("config.key");
        }
    }

    @Test
    void aKeyFileOfTheWrongSizeOrNotBase64IsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
        Path shortKey = Files.writeString(dir.resolve("short.key"), "AAAA\n");
        Path notBase64 = Files.writeString(dir.resolve("bad.key"), "not base64!\n");

        assertThatThrownBy(() -> ConfigKeyFile.read(shortKey, "config-key-file"))
                .hasMessage("config-key-file: " + shortKey + " holds 3 bytes (expected: 32 bytes, base64)");
        assertThatThrownBy(() -> ConfigKeyFile.read(notBase64, "config-key-file"))
                .hasMessage("config-key-file: " + notBase64 + " is not base64 (expected: 32 bytes, base64)");
    }
}
