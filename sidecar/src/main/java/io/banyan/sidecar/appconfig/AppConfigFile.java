package io.banyan.sidecar.appconfig;

import io.banyan.dataplane.config.AppConfig;
import io.banyan.dataplane.xds.AppConfigTranslator;
import io.banyan.primitives.file.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Writes each app configuration received to {@code --app-config-file}: a {@code .env} path gets {@link EnvFormat}
 * lines, any other the JSON {@code {"version": ..., "values": {...}}}. Written by {@link AtomicFiles} (0600, a temporary file
 * renamed over the old one), so a reader sees the old file or the new one, never a part.
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
        try {
            AtomicFiles.write(file, bytes);
            log.info("app configuration version {} written to {}", config.version(), file);
        } catch (IOException e) {
            log.warn("app configuration version {} could not be written to {}: {}", config.version(), file,
                    e.toString());
        }
    }
}
