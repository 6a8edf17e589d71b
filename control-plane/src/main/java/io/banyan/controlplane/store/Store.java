package io.banyan.controlplane.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The control plane's durable store: {@code <dataDir>/banyan.mv.db}, an H2 MVStore file holding the
 * maps {@code services}, {@code instances}, {@code tokens}, {@code policies}, {@code authorizations} and
 * {@code authorization-default}. Only one control plane may open a data
 * directory at a time (the file is locked). Writes are serialized and committed one by one.
 */
public final class Store implements AutoCloseable {

    public static final String FILE_NAME = "banyan.mv.db";

    private static final Logger log = LoggerFactory.getLogger(Store.class);

    private final Path file;
    private final MVStore mvStore;
    private final DurableMap<StoredService> services;
    private final DurableMap<StoredInstance> instances;
    private final DurableMap<StoredToken> tokens;
    private final DurableMap<StoredPolicy> policies;
    private final DurableMap<StoredAuthorization> authorizations;
    private final DurableMap<StoredAuthorizationDefault> authorizationDefault;

    private Store(Path file, MVStore mvStore) {
        this.file = file;
        this.mvStore = mvStore;
        ObjectMapper json = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.services = new DurableMap<>(this, mvStore.openMap("services"), json, StoredService.class);
        this.instances = new DurableMap<>(this, mvStore.openMap("instances"), json, StoredInstance.class);
        this.tokens = new DurableMap<>(this, mvStore.openMap("tokens"), json, StoredToken.class);
        this.policies = new DurableMap<>(this, mvStore.openMap("policies"), json, StoredPolicy.class);
        this.authorizations = new DurableMap<>(this, mvStore.openMap("authorizations"), json,
                StoredAuthorization.class);
        this.authorizationDefault = new DurableMap<>(this, mvStore.openMap("authorization-default"), json,
                StoredAuthorizationDefault.class);
    }

    /**
     * Opens (creating if needed) the store in {@code dataDir}.
     *
     * @throws StoreException if the directory cannot be created or written, the file is corrupt, or
     *                        another control plane holds it open
     */
    public static Store open(Path dataDir) {
        Path dir = dataDir.toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException("data-dir: " + dir + " cannot be created (" + e + ")", e);
        }
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new StoreException("data-dir: " + dir + " (expected: a writable directory)");
        }
        Path file = dir.resolve(FILE_NAME);
        MVStore mvStore;
        try {
            mvStore = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
        } catch (MVStoreException e) {
            if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
                throw new StoreException("data-dir: " + dir
                        + " is locked by another control plane (" + FILE_NAME + " is in use)", e);
            }
            throw new StoreException("data-dir: cannot open " + file + " (" + e.getMessage() + ")", e);
        }
        log.info("store opened at {}", file);
        return new Store(file, mvStore);
    }

    public DurableMap<StoredService> services() {
        return services;
    }

    public DurableMap<StoredInstance> instances() {
        return instances;
    }

    public DurableMap<StoredToken> tokens() {
        return tokens;
    }

    /** Per-service allow lists of calling services, by service name. */
    public DurableMap<StoredAuthorization> authorizations() {
        return authorizations;
    }

    /** The mesh-wide authorization default, under the key {@code default}. */
    public DurableMap<StoredAuthorizationDefault> authorizationDefault() {
        return authorizationDefault;
    }

    /** Traffic policies by service name. */
    public DurableMap<StoredPolicy> policies() {
        return policies;
    }

    Path file() {
        return file;
    }

    synchronized void write(Runnable change) {
        if (mvStore.isClosed()) {
            throw new StoreException("store " + file + " is closed");
        }
        try {
            change.run();
            mvStore.commit();
            mvStore.sync();
        } catch (MVStoreException e) {
            throw new StoreException("cannot write " + file + " (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public synchronized void close() {
        if (!mvStore.isClosed()) {
            mvStore.close();
            log.info("store closed at {}", file);
        }
    }
}
