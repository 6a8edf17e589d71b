package io.banyan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.banyan.controlplane.store.Store;
import io.banyan.controlplane.store.StoredService;

/** A control plane whose store was cut short does not start: one line naming the file, exit 1. */
class TruncatedStoreCliTest {

    @TempDir
    Path dataDir;

    @Test
    void theStartStopsWithOneLineNamingTheFile() throws Exception {
        try (Store store = Store.open(dataDir)) {
            for (int i = 0; i < 150; i++) {
                store.services().put("svc-" + i, new StoredService("svc-" + i, Instant.EPOCH));
            }
        }
        try (FileChannel file = FileChannel.open(dataDir.resolve(Store.FILE_NAME), StandardOpenOption.WRITE)) {
            file.truncate(1 << 20);
        }

        CliRun run = CliRun.run(Map.of(), "control-plane", "--data-dir", dataDir.toString(), "--admin-port", "0",
                "--xds-port", "0", "--bind-address", "127.0.0.1");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).startsWith("banyan control-plane: failed: data-dir: "
                + dataDir.toAbsolutePath().resolve(Store.FILE_NAME) + " holds version ");
        assertThat(run.err).contains("--recover").hasLineCount(1);
    }
}
