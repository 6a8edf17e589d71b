package io.banyan.cli.controlplane;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.adminserver.AdminToken;
import io.banyan.cli.options.StrictDocuments;
import io.banyan.primitives.name.ServiceName;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * {@code --admin-tokens-file}: the admin API's named tokens, a YAML or JSON list of {@code {name, token}} (names
 * follow the service-name rule, tokens at least {@link #MIN_TOKEN_LENGTH} characters, at most {@link #MAX_TOKENS}
 * entries). Each error names the entry. Duplicate names and tokens are refused by the settings.
 */
final class AdminTokensFile {

    static final String OPTION = "admin-tokens-file";
    static final int MIN_TOKEN_LENGTH = 16;
    static final int MAX_TOKENS = 256;
    static final int MAX_BYTES = 64 * 1024;

    private AdminTokensFile() {
    }

    /** The tokens of {@code file}; an IllegalArgumentException names the file or the entry and what was expected. */
    static List<AdminToken> read(Path file) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new IllegalArgumentException(OPTION + ": '" + file + "' is over " + MAX_BYTES / 1024
                        + " KiB (expected: a list of {name, token})");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(OPTION + ": '" + file + "' does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException(OPTION + ": '" + file + "' cannot be read (" + e.getMessage() + ")");
        }
        return parse(file.toString(), new String(bytes, StandardCharsets.UTF_8));
    }

    static List<AdminToken> parse(String name, String text) {
        boolean json = text.stripLeading().startsWith("[") || name.endsWith(".json");
        ObjectMapper mapper = StrictDocuments.mapper(!json);
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            // The parser's own message may quote the offending line, which may hold a token: only where it is.
            throw new IllegalArgumentException(OPTION + ": '" + name + "': malformed " + (json ? "JSON" : "YAML")
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()
                    + " (expected: a YAML or JSON list of {name, token})");
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException(OPTION + ": '" + name + "' (expected: a YAML or JSON list of"
                    + " {name, token})");
        }
        if (root.size() > MAX_TOKENS) {
            throw new IllegalArgumentException(OPTION + ": " + root.size() + " entries (expected: at most "
                    + MAX_TOKENS + ")");
        }
        List<AdminToken> tokens = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            tokens.add(entry(i + 1, root.get(i)));
        }
        return List.copyOf(tokens);
    }

    private static AdminToken entry(int number, JsonNode node) {
        String where = OPTION + ": entry " + number;
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + ": " + node.getNodeType().name().toLowerCase()
                    + " (expected: {name, token})");
        }
        for (Iterator<String> fields = node.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!field.equals("name") && !field.equals("token")) {
                throw new IllegalArgumentException(where + ": unknown field '" + field + "' (expected: name, token)");
            }
        }
        JsonNode nameNode = node.get("name");
        String name = nameNode == null || !nameNode.isTextual() ? null : nameNode.asText();
        if (!ServiceName.isValid(name)) {
            throw new IllegalArgumentException(where + ": " + ServiceName.problem(name, "name"));
        }
        JsonNode tokenNode = node.get("token");
        if (tokenNode == null || !tokenNode.isTextual()) {
            throw new IllegalArgumentException(where + " (name '" + name + "'): token: missing (expected: a string"
                    + " of at least " + MIN_TOKEN_LENGTH + " characters)");
        }
        String token = tokenNode.asText();
        if (token.length() < MIN_TOKEN_LENGTH || token.isBlank()) {
            throw new IllegalArgumentException(where + " (name '" + name + "'): token: " + token.length()
                    + " characters (expected: at least " + MIN_TOKEN_LENGTH + ")");
        }
        if (!token.equals(token.strip())) {
            throw new IllegalArgumentException(where + " (name '" + name + "'): token: leading or trailing whitespace"
                    + " (expected: none; a presented token never has any, so this one could never match)");
        }
        return new AdminToken(name, token);
    }
}
