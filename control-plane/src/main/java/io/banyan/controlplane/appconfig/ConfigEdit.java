package io.banyan.controlplane.appconfig;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/** A change to a service's app configuration: what the sealed document becomes, given what it is. */
@FunctionalInterface
public interface ConfigEdit {

    /** Seals the plaintext of a secret (reusing the ciphertext held when the plaintext is the same). */
    @FunctionalInterface
    interface Sealing {
        String seal(String key, String plaintext);
    }

    /** The sealed document after the edit; {@code current} is {@link ConfigDocument#EMPTY} when there is none. */
    ConfigDocument apply(ConfigDocument current, Sealing sealing);

    /** Replaces the document with {@code plain} (its secrets plaintext). */
    static ConfigEdit put(ConfigDocument plain) {
        Objects.requireNonNull(plain, "plain");
        return (current, sealing) -> new ConfigDocument(plain.values(), sealedAll(plain.secrets(), sealing));
    }

    /**
     * An RFC 7396 merge patch of the document's JSON: {@code {"values": {"a": 1, "b": null}, "secrets": {"pw": "x"}}};
     * the patch's secret strings are plaintext, the secrets it does not name keep their ciphertext.
     */
    static ConfigEdit patch(JsonNode patch) {
        ConfigDocument.of(MergePatch.apply(null, patch)); // the patch's own shape and keys, its removals left out
        return (current, sealing) -> {
            ConfigDocument merged = ConfigDocument.of(MergePatch.apply(current.toJson(), patch));
            SortedMap<String, String> secrets = new TreeMap<>(merged.secrets());
            JsonNode patched = patch.path(ConfigDocument.SECRETS);
            for (Iterator<String> keys = patched.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (patched.get(key).isTextual()) {
                    secrets.put(key, sealing.seal(key, patched.get(key).asText()));
                }
            }
            return new ConfigDocument(merged.values(), secrets);
        };
    }

    /** Writes back {@code sealed}, a document as the store kept it (a revert). */
    static ConfigEdit restore(ConfigDocument sealed) {
        Objects.requireNonNull(sealed, "sealed");
        return (current, sealing) -> sealed;
    }

    private static SortedMap<String, String> sealedAll(SortedMap<String, String> plain, Sealing sealing) {
        SortedMap<String, String> sealed = new TreeMap<>();
        plain.forEach((key, value) -> sealed.put(key, sealing.seal(key, value)));
        return sealed;
    }
}
