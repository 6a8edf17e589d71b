package io.banyan.cli.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/** What a demo started, closed in reverse order (sidecars before their apps, the control plane last); errors logged. */
public final class OpenedParts implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OpenedParts.class);

    private final List<AutoCloseable> parts = new ArrayList<>();

    /** Adds {@code part}, to be closed before every part added earlier; answers it. */
    public <T extends AutoCloseable> T add(T part) {
        parts.add(part);
        return part;
    }

    @Override
    public void close() {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                log.warn("demo: error closing {}", parts.get(i), e);
            }
        }
        parts.clear();
    }
}
