package io.banyan.controlplane.appconfig;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals app-configuration secrets at rest: AES-256-GCM with a fresh 12-byte IV per value and the service name and
 * key as associated data, so a ciphertext opens only under the key it was sealed for. Sealed text:
 * {@code v1:<base64 of IV, ciphertext and tag>}. Neither plaintext nor key is ever logged or put in a message.
 */
public final class ConfigCipher {

    public static final int KEY_BYTES = 32;
    static final String PREFIX = "v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random;

    public ConfigCipher(byte[] key, SecureRandom random) {
        if (key == null || key.length != KEY_BYTES) {
            throw new IllegalArgumentException("config key: " + (key == null ? 0 : key.length) + " bytes (expected: "
                    + KEY_BYTES + ")");
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** {@code plaintext}, the value of secret {@code name} of {@code service}, sealed. */
    public String seal(String service, String name, String plaintext) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associated(service, name));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length)
                    .put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The plaintext of a value {@link #seal} made for the same service and name with the same key. */
    public String open(String service, String name, String sealed) throws SecretUnreadableException {
        String where = "secret '" + name + "' of service '" + service + "'";
        if (!sealed.startsWith(PREFIX)) {
            throw new SecretUnreadableException(where + ": not sealed (expected: " + PREFIX + "...)");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new SecretUnreadableException(where + ": not base64");
        }
        if (bytes.length < IV_BYTES + TAG_BITS / 8) {
            throw new SecretUnreadableException(where + ": too short to be sealed");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, Arrays.copyOf(bytes, IV_BYTES)));
            cipher.updateAAD(associated(service, name));
            return new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new SecretUnreadableException(where + ": does not decrypt with the configuration key (another key,"
                    + " or sealed for another service or key)");
        }
    }

    private static byte[] associated(String service, String name) {
        return (service + "\0" + name).getBytes(StandardCharsets.UTF_8);
    }
}
