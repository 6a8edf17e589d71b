package io.banyan.sidecar.edge;

import com.nimbusds.jose.jwk.JWKSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.text.ParseException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keys from a local JWKS file, read on the given executor and re-read when its modification time or size changes
 * (checked every {@code pollInterval}). A file that becomes unreadable or invalid keeps the last good keys.
 */
public final class FileJwks extends LoadedKeys {

    private static final Logger log = LoggerFactory.getLogger(FileJwks.class);

    private final Path file;
    private final ScheduledExecutorService executor;
    private final ScheduledFuture<?> poll;
    private Object seen; // the executor's thread only

    public FileJwks(Path file, ScheduledExecutorService executor, Duration pollInterval) {
        this.file = Objects.requireNonNull(file, "file");
        this.executor = executor;
        this.poll = executor.scheduleWithFixedDelay(this::reloadIfChanged, 0, pollInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public Optional<CompletableFuture<JWKSet>> reloadForUnknownKey() {
        return Optional.empty(); // the file is watched already: a new key shows up at the next poll
    }

    /** Re-reads the file if it changed; runs on the executor only. */
    void reloadIfChanged() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            Object version = attributes.lastModifiedTime().toMillis() + "/" + attributes.size();
            if (version.equals(seen)) {
                return;
            }
            if (attributes.size() > JwksParser.MAX_BYTES) {
                throw new IOException(attributes.size() + " bytes (expected: at most " + JwksParser.MAX_BYTES + ")");
            }
            JWKSet keys = JwksParser.parse(Files.readString(file, StandardCharsets.UTF_8));
            loaded(keys);
            seen = version;
            log.info("JWKS {}: {} keys loaded", file, keys.getKeys().size());
        } catch (IOException | ParseException | RuntimeException e) {
            log.warn("JWKS {} unreadable, keeping the last keys: {}", file, e.getMessage());
        } finally {
            loadEnded();
        }
    }

    @Override
    public void close() {
        poll.cancel(false);
    }
}
