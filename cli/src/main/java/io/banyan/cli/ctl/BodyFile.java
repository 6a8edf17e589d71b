package io.banyan.cli.ctl;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.cli.options.StrictDocuments;
import io.banyan.primitives.json.JsonReadError;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A file holding a request body of the admin API: the routes of {@code ctl routes set} / {@code ctl gateways set},
 * the migration of {@code ctl migrations create}, the policy, allow list or default of {@code ctl policy set},
 * {@code ctl authorization set} and {@code ctl authorization default set}. YAML or JSON (by the extension, or by the first character for
 * stdin {@code -}), read into the JSON body the admin API takes, as is. Only the syntax is checked here (one document,
 * an object, no duplicate keys); the control plane validates the content.
 */
enum BodyFile {
    ROUTES("a routes file", "{\"routes\": [...]}"),
    MIGRATION("a migration file", "{\"name\": ..., \"from\": ..., \"to\": ...}"),
    POLICY("a traffic policy file", "{\"timeouts\": {...}, \"retries\": {...}}"),
    ALLOW_LIST("an allow list file", "{\"allow\": [\"web\"]}"),
    AUTHORIZATION_DEFAULT("an authorization default file", "{\"mode\": \"deny-unless-allowed\"}");

    /** The file name that reads standard input. */
    static final String STDIN = "-";
    /** A body file larger than this is not a body file. */
    static final int MAX_BYTES = 1 << 20;

    private final String kind;
    private final String expected;

    BodyFile(String kind, String example) {
        this.kind = kind;
        this.expected = "(expected: a YAML or JSON object like " + example + ")";
    }

    /** Reads {@code name} (a path, or {@code -} for {@code stdin}) into the request body. */
    JsonNode read(String name, InputStream stdin) throws IOException {
        byte[] bytes;
        if (STDIN.equals(name)) {
            bytes = stdin.readNBytes(MAX_BYTES + 1);
        } else {
            Path path = Path.of(name);
            try {
                if (Files.size(path) > MAX_BYTES) {
                    throw tooLarge(name);
                }
                bytes = Files.readAllBytes(path);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("file: '" + name + "' does not exist (expected: " + kind + ", or - for stdin)");
            }
        }
        if (bytes.length > MAX_BYTES) {
            throw tooLarge(name);
        }
        return parse(name, new String(bytes, StandardCharsets.UTF_8));
    }

    /** Parses {@code text}, named {@code name} in errors and for its syntax. */
    JsonNode parse(String name, String text) {
        boolean yaml = isYaml(name, text);
        ObjectMapper mapper = StrictDocuments.mapper(yaml);
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("file: " + describe(name) + ": " + where(e.getLocation())
                    + shorten(e.getOriginalMessage()) + " " + expected);
        }
        if (root == null || root.isMissingNode()) {
            throw new IllegalArgumentException("file: " + describe(name) + ": empty " + expected);
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("file: " + describe(name) + ": " + root.getNodeType().name()
                    .toLowerCase(Locale.ROOT) + " at the top " + expected);
        }
        return root;
    }

    /** YAML by the extension {@code .yaml}/{@code .yml}, JSON by {@code .json}; else JSON when it starts with '{'. */
    static boolean isYaml(String name, String text) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            return true;
        }
        if (lower.endsWith(".json")) {
            return false;
        }
        String start = text.stripLeading();
        return !(start.startsWith("{") || start.startsWith("["));
    }

    private static String describe(String name) {
        return STDIN.equals(name) ? "stdin" : name;
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : "line " + location.getLineNr() + ", column " + location.getColumnNr() + ": ";
    }

    private static String shorten(String message) {
        String line = message == null ? "unreadable" : message.strip().lines().findFirst().orElse("unreadable");
        return line.length() <= JsonReadError.MAX_SHOWN * 2 ? line : line.substring(0, JsonReadError.MAX_SHOWN * 2) + "...";
    }

    private IllegalArgumentException tooLarge(String name) {
        return new IllegalArgumentException("file: " + describe(name) + ": larger than " + MAX_BYTES
                + " bytes (expected: " + kind + ")");
    }
}
