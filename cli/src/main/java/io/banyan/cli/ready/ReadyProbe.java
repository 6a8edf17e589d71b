package io.banyan.cli.ready;

import java.io.IOException;
import java.time.Duration;

/** One {@code GET /ready}: its answer, or the exception of a connection that failed. */
@FunctionalInterface
interface ReadyProbe {

    /** What {@code /ready} answered: status and body. */
    record Answer(int status, String body) {
    }

    Answer get(Duration timeout) throws IOException, InterruptedException;
}
