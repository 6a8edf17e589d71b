package io.banyan.sidecar.appconfig;

import io.banyan.dataplane.config.AppConfig;
import io.banyan.dataplane.xds.AppConfigTranslator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Writes each app configuration received to {@code --app-config-file}: a {@code .env} path gets {@link EnvFormat}
 * lines, any other the JSON {@code {"version": ..., "values": {...}}}. Written to a temporary file (0600) in the same
 * directory and renamed over the old one, so a reader sees the old file or the new one, never a part.
 */
public final class AppConfigFile implements Consumer<AppConfig> {

    private static final Logger log = LoggerFactory.getLogger(AppConfigFile.class);

    private final Path file;
    private final boolean env;
    private final AppConfigTranslator json = new AppConfigTranslator();

    public AppConfigFile(Path file) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
        this.env = file.getFileName().toString().endsWith(".env");
    }

    /** Writes {@code config}; a failure is logged (the app keeps the previous file) and does not throw. */
    @Override
    public void accept(AppConfig config) {
        byte[] bytes = env ? EnvFormat.of(config).getBytes(StandardCharsets.UTF_8) : json.bytes(config);
        Path temp = null;
        try {
            temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(temp, bytes);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
            log.info("app configuration version {} written to {}", config.version(), file);
        } catch (IOException e) {
            log.warn("app configuration version {} could not be written to {}: {}", config.version(), file,
                    e.toString());
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    log.debug("could not remove {}", temp);
                }
            }
        }
    }
}
