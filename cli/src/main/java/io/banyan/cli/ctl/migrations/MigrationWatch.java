package io.banyan.cli.ctl.migrations;

import io.banyan.primitives.time.Durations;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The loop of {@code ctl migrations watch}: fetch the migration, show it, wait, again; until it is complete or rolled
 * back, or after {@code count} refreshes. Once a first view came, a failed fetch (the control plane restarting, say)
 * only shows a line over the last view and the loop goes on; a failed first fetch is the command's failure.
 */
public final class MigrationWatch {

    /** The latest differences a frame shows. */
    static final int DIFFERENCES_SHOWN = 8;

    private final Source source;
    private final WatchScreen screen;
    private final Pause pause;
    private final Duration interval;
    private final int count;

    /**
     * @param count refreshes before it ends on its own; 0 for no limit
     */
    public MigrationWatch(Source source, WatchScreen screen, Pause pause, Duration interval, int count) {
        this.source = Objects.requireNonNull(source, "source");
        this.screen = Objects.requireNonNull(screen, "screen");
        this.pause = Objects.requireNonNull(pause, "pause");
        this.interval = Objects.requireNonNull(interval, "interval");
        if (count < 0) {
            throw new IllegalArgumentException("count: " + count + " (expected: >= 0)");
        }
        this.count = count;
    }

    /** Runs until the migration is over or the count is reached; returns how it ended and the last view. */
    public Outcome run() throws IOException, InterruptedException {
        MigrationView last = null;
        for (int refresh = 1; ; refresh++) {
            String trouble = null;
            try {
                last = source.fetch();
            } catch (IOException e) {
                if (last == null) {
                    throw e;
                }
                trouble = e.getMessage();
            }
            screen.show(frame(last, trouble, refresh));
            if (trouble == null && MigrationView.COMPLETE.equals(last.state())) {
                return new Outcome(End.COMPLETE, last);
            }
            if (trouble == null && MigrationView.ROLLED_BACK.equals(last.state())) {
                return new Outcome(End.ROLLED_BACK, last);
            }
            if (count > 0 && refresh >= count) {
                return new Outcome(End.COUNT, last);
            }
            pause.pause(interval);
        }
    }

    private List<String> frame(MigrationView view, String trouble, int refresh) {
        List<String> frame = new ArrayList<>();
        frame.add("watching " + Shown.text(view.name(), 64) + " every " + Durations.format(interval)
                + ", refresh " + refresh + (count > 0 ? " of " + count : "") + " (ends when complete or rolled back)");
        if (trouble != null) {
            frame.add("! " + Shown.text(trouble) + " (the last answer below; retrying)");
        }
        frame.addAll(MigrationSummary.lines(view, DIFFERENCES_SHOWN));
        return frame;
    }

    /** Fetches the migration; an {@link IOException} is a failure that may pass (the loop retries it). */
    @FunctionalInterface
    public interface Source {
        MigrationView fetch() throws IOException, InterruptedException;
    }

    /** Waits between refreshes ({@code Thread::sleep} off tests). */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration interval) throws InterruptedException;
    }

    /** Why the watch ended; {@code complete} and a reached count exit 0, a rollback exits 1. */
    public enum End {
        COMPLETE(0), ROLLED_BACK(1), COUNT(0);

        private final int exitCode;

        End(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    /** How the watch ended, and the last view it showed. */
    public record Outcome(End end, MigrationView last) {
    }
}
