package io.banyan.cli.ctl.apply;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.cli.options.StrictDocuments;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads the declarative documents of a file or of a directory's {@code *.yaml}, {@code *.yml} and {@code *.json}
 * files (not its subdirectories, in name order): several per YAML file separated by {@code ---}, one per JSON file.
 * Bounded: at most {@link #MAX_FILES} files of {@link #MAX_BYTES} each, {@link #MAX_DOCUMENTS} documents; an object
 * named twice is refused. The result is in apply order: by {@link DocumentKind}, then as read.
 */
public final class Documents {

    public static final int MAX_FILES = 1_000;
    public static final int MAX_BYTES = 1 << 20;
    public static final int MAX_DOCUMENTS = 1_000;

    private Documents() {
    }

    /** The documents of {@code path}, a file or a directory; a problem is an {@link IllegalArgumentException}. */
    public static List<Document> read(Path path) throws IOException {
        List<Path> files = files(path);
        List<Document> documents = new ArrayList<>();
        for (Path file : files) {
            documents.addAll(readFile(file));
            if (documents.size() > MAX_DOCUMENTS) {
                throw new IllegalArgumentException("file: " + path + ": more than " + MAX_DOCUMENTS + " documents");
            }
        }
        if (documents.isEmpty()) {
            throw new IllegalArgumentException("file: " + path + ": no documents (expected: YAML or JSON files of "
                    + "{kind, name, spec})");
        }
        Set<String> seen = new HashSet<>();
        for (Document document : documents) {
            if (!seen.add(document.id())) {
                throw new IllegalArgumentException(document.source() + ": " + document.id() + " is declared twice");
            }
        }
        documents.sort(Comparator.comparing(Document::kind));
        return List.copyOf(documents);
    }

    /** The documents of one file, named {@code file#1}, {@code file#2}, ... in messages. */
    static List<Document> readFile(Path file) throws IOException {
        if (Files.size(file) > MAX_BYTES) {
            throw new IllegalArgumentException("file: " + file + ": larger than " + MAX_BYTES + " bytes");
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        boolean yaml = !file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        ObjectMapper mapper = StrictDocuments.mapper(yaml);
        List<Document> documents = new ArrayList<>();
        try {
            if (!yaml) {
                documents.add(Document.of(mapper.readTree(text), file + "#1"));
                return documents;
            }
            try (MappingIterator<JsonNode> nodes = mapper.readerFor(JsonNode.class).readValues(text)) {
                int index = 0;
                while (nodes.hasNextValue()) {
                    JsonNode node = nodes.nextValue();
                    index++;
                    if (node != null && !node.isNull() && !node.isMissingNode()) {
                        documents.add(Document.of(node, file + "#" + index));
                    }
                    if (index > MAX_DOCUMENTS) {
                        throw new IllegalArgumentException("file: " + file + ": more than " + MAX_DOCUMENTS + " documents");
                    }
                }
            }
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ": ";
            throw new IllegalArgumentException("file: " + file + ": " + where
                    + e.getOriginalMessage().lines().findFirst().orElse("unreadable"));
        }
        return documents;
    }

    private static List<Path> files(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("file: '" + path + "' does not exist (expected: a directory or a YAML or "
                    + "JSON file)");
        }
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> entries = Files.list(path)) {
            List<Path> files = entries.filter(Files::isRegularFile).filter(Documents::isDocumentFile).sorted().toList();
            if (files.size() > MAX_FILES) {
                throw new IllegalArgumentException("file: " + path + ": more than " + MAX_FILES + " files");
            }
            return files;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("file: '" + path + "' does not exist");
        }
    }

    private static boolean isDocumentFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
    }
}
