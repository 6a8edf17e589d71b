package io.banyan.sidecar.datadir;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.primitives.file.AtomicFiles;
import io.banyan.primitives.json.JsonMappers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The sidecar's {@code --data-dir} (0700): {@value #MANIFEST} (whose it is, {@link Manifest}), the workload identity
 * ({@value #KEY}, {@value #CHAIN}, {@value #BUNDLE}) and the last ACKed xDS resources, one file per type
 * ({@code xds-<type>.json}: the type's version, when it was ACKed, each resource's name, version and bytes); every file
 * 0600 and written by {@link AtomicFiles}. Saving returns at once: the files are written on the data dir's own thread,
 * the latest content of each file only (a burst of updates writes each file once or twice), so nothing on an event
 * loop or the xDS thread waits for a disk.
 *
 * <p>Reading is checked: a file that cannot be read or parsed is reported in one log line naming it and what was
 * wrong, and ignored; a manifest of another service, trust domain or CA makes the whole directory foreign: its files
 * are reported, removed and nothing of them is used.
 */
public final class DataDir implements AutoCloseable {

    public static final String MANIFEST = "manifest.json";
    public static final String KEY = "key.pem";
    public static final String CHAIN = "chain.pem";
    public static final String BUNDLE = "bundle.pem";
    static final String RESOURCES_PREFIX = "xds-";
    static final String RESOURCES_SUFFIX = ".json";

    private static final Logger log = LoggerFactory.getLogger(DataDir.class);

    private final Path dir;
    private final ObjectMapper json = JsonMappers.lenient();
    private final ExecutorService writer;
    private final Map<String, Supplier<byte[]>> pending = new LinkedHashMap<>();

    private DataDir(Path dir) {
        this.dir = dir;
        this.writer = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "banyan-data-dir");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Opens (creating it 0700) the data dir of the sidecar {@code expected} describes. A foreign one (another
     * manifest) is emptied of the files named here, with a log line; the manifest is (re)written.
     */
    public static DataDir open(Path dir, Manifest expected) throws IOException {
        Objects.requireNonNull(expected, "expected");
        AtomicFiles.createPrivateDirectory(dir);
        PrivateDirectory.require(dir);
        DataDir dataDir = new DataDir(dir.toAbsolutePath());
        Optional<Manifest> found = dataDir.readManifest();
        if (found.isPresent()) {
            Optional<String> mismatch = expected.mismatch(found.get());
            if (mismatch.isPresent()) {
                log.warn("data dir {}: {} is foreign: {}; its saved identity and configuration are ignored and removed",
                        dataDir.dir, MANIFEST, mismatch.get());
                dataDir.removeSaved();
            }
        } else {
            List<Path> unowned = dataDir.saved();
            if (!unowned.isEmpty()) { // nothing saved without a manifest is trusted
                log.warn("data dir {}: {} without {}: not trusted, removed", dataDir.dir,
                        unowned.stream().map(file -> file.getFileName().toString()).toList(), MANIFEST);
                dataDir.removeSaved();
            }
        }
        if (found.isEmpty() || !found.get().equals(expected)) {
            AtomicFiles.write(dataDir.file(MANIFEST), dataDir.json.writeValueAsBytes(expected));
        }
        return dataDir;
    }

    public Path path() {
        return dir;
    }

    /** The saved identity, if its three files are there (checked by the caller). */
    public Optional<SavedIdentity> identity() {
        Optional<String> key = readText(KEY);
        Optional<String> chain = readText(CHAIN);
        Optional<String> bundle = readText(BUNDLE);
        if (key.isEmpty() || chain.isEmpty() || bundle.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SavedIdentity(key.get(), chain.get(), bundle.get()));
    }

    /** The saved resources by type URL; a file that is not readable is reported and left out. */
    public Map<String, SavedResources> resources() {
        Map<String, SavedResources> byType = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(DataDir::isResourcesFile).sorted().toList()) {
                readResources(file).ifPresent(saved -> byType.put(saved.typeUrl(), saved));
            }
        } catch (IOException e) {
            log.warn("data dir {}: cannot be listed ({}); starting from the control plane", dir, e.toString());
            return Map.of();
        }
        return byType;
    }

    /** Saves the identity (after each issue or renewal); returns at once. */
    public void saveIdentity(SavedIdentity identity) {
        save(KEY, identity.privateKeyPem().getBytes(StandardCharsets.US_ASCII));
        save(CHAIN, identity.chainPem().getBytes(StandardCharsets.US_ASCII));
        save(BUNDLE, identity.trustBundlePem().getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Saves the last ACKed resources of a type; returns at once. {@code saved} is called on the data dir's thread (so
     * that encoding them costs the caller nothing), for the latest call of each type only.
     */
    public void saveResources(String typeUrl, Supplier<SavedResources> saved) {
        save(resourcesFileName(typeUrl), () -> encode(saved.get()));
    }

    private byte[] encode(SavedResources saved) {
        List<ResourceFile.Entry> entries = new ArrayList<>();
        saved.resources().forEach(resource -> entries.add(new ResourceFile.Entry(resource.name(), resource.version(),
                Base64.getEncoder().encodeToString(resource.body()))));
        ResourceFile file = new ResourceFile(ResourceFile.FORMAT, saved.typeUrl(), saved.version(),
                saved.savedAt().toString(), entries);
        try {
            return json.writeValueAsBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code xds-<last segment of the type URL, lower case>.json}, e.g. {@code xds-listener.json}. */
    public static String resourcesFileName(String typeUrl) {
        String simple = typeUrl.substring(typeUrl.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        if (!simple.matches("[a-z0-9]+")) {
            throw new IllegalArgumentException("typeUrl: '" + typeUrl + "' (expected: an xDS type URL)");
        }
        return RESOURCES_PREFIX + simple + RESOURCES_SUFFIX;
    }

    /** The form of an {@code xds-*.json} file. */
    record ResourceFile(int format, String typeUrl, String version, String savedAt, List<Entry> resources) {

        static final int FORMAT = 1;

        record Entry(String name, String version, String body) {
        }
    }

    private void save(String name, byte[] bytes) {
        save(name, () -> bytes);
    }

    private void save(String name, Supplier<byte[]> bytes) {
        synchronized (pending) {
            pending.put(name, bytes);
        }
        try {
            writer.execute(this::flush);
        } catch (RejectedExecutionException e) {
            log.debug("data dir closed: {} not saved", name);
        }
    }

    private void flush() {
        while (true) {
            Map.Entry<String, Supplier<byte[]>> next;
            synchronized (pending) {
                var iterator = pending.entrySet().iterator();
                if (!iterator.hasNext()) {
                    return;
                }
                next = iterator.next();
                iterator.remove();
            }
            try {
                AtomicFiles.write(file(next.getKey()), next.getValue().get());
            } catch (IOException | RuntimeException e) {
                log.warn("data dir {}: {} could not be written: {}", dir, next.getKey(), e.toString());
            }
        }
    }

    private Optional<Manifest> readManifest() {
        Path file = file(MANIFEST);
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            PrivateDirectory.requirePrivateFile(file);
            return Optional.of(json.readValue(Files.readAllBytes(file), Manifest.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            log.warn("data dir {}: {} is not a manifest ({}); nothing saved in it is used", dir, file,
                    firstLine(e));
            return Optional.empty();
        }
    }

    private Optional<SavedResources> readResources(Path file) {
        try {
            PrivateDirectory.requirePrivateFile(file);
            ResourceFile read = json.readValue(Files.readAllBytes(file), ResourceFile.class);
            if (read.format() != ResourceFile.FORMAT) {
                throw new IllegalArgumentException("format " + read.format() + " (expected: " + ResourceFile.FORMAT
                        + ")");
            }
            if (read.typeUrl() == null || !file.getFileName().toString().equals(resourcesFileName(read.typeUrl()))) {
                throw new IllegalArgumentException("typeUrl '" + read.typeUrl() + "' (expected: the one of the file "
                        + "name)");
            }
            List<SavedResources.Resource> resources = new ArrayList<>();
            for (ResourceFile.Entry entry : Objects.requireNonNull(read.resources(), "resources")) {
                resources.add(new SavedResources.Resource(entry.name(), entry.version(),
                        Base64.getDecoder().decode(Objects.requireNonNull(entry.body(), "body"))));
            }
            return Optional.of(new SavedResources(read.typeUrl(), read.version(),
                    Instant.parse(Objects.requireNonNull(read.savedAt(), "savedAt")), resources));
        } catch (IOException | RuntimeException e) {
            log.warn("data dir {}: {} is ignored: not a saved xDS resource file ({})", dir, file, firstLine(e));
            return Optional.empty();
        }
    }

    private Optional<String> readText(String name) {
        Path file = file(name);
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            PrivateDirectory.requirePrivateFile(file);
            return Optional.of(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            log.warn("data dir {}: {} cannot be read ({}); it is ignored", dir, file, firstLine(e));
            return Optional.empty();
        }
    }

    private void removeSaved() throws IOException {
        for (Path file : saved()) {
            Files.deleteIfExists(file);
        }
    }

    /** The files of a saved identity and configuration that are there. */
    private List<Path> saved() throws IOException {
        List<Path> saved = new ArrayList<>();
        for (String name : List.of(KEY, CHAIN, BUNDLE)) {
            if (Files.exists(file(name), LinkOption.NOFOLLOW_LINKS)) {
                saved.add(file(name));
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(DataDir::isResourcesFile).sorted().forEach(saved::add);
        }
        return saved;
    }

    private static boolean isResourcesFile(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(RESOURCES_PREFIX) && name.endsWith(RESOURCES_SUFFIX);
    }

    private Path file(String name) {
        return dir.resolve(name);
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return e.getClass().getSimpleName() + ": " + (newline < 0 ? message : message.substring(0, newline));
    }

    /** Writes what is pending (waits up to 5 s), then stops the writer. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("data dir {}: writes still pending after 5 s at close", dir);
                writer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writer.shutdownNow();
        }
    }
}
