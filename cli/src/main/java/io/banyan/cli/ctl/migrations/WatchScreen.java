package io.banyan.cli.ctl.migrations;

import java.io.PrintWriter;
import java.util.List;

/**
 * Where {@code watch} shows its frames: on a terminal each frame replaces the last (cursor home, clear the screen,
 * redraw); anywhere else (a pipe, a file, a CI log) each frame is printed after the last, a blank line between.
 */
public final class WatchScreen {

    /** ANSI: cursor to the top left, then erase the whole screen. */
    static final String CLEAR = "\033[H\033[2J";

    private final PrintWriter out;
    private final boolean redraw;
    private boolean first = true;

    /** {@code redraw} only when {@code out} is a terminal. */
    public WatchScreen(PrintWriter out, boolean redraw) {
        this.out = out;
        this.redraw = redraw;
    }

    void show(List<String> frame) {
        if (redraw) {
            out.print(CLEAR);
        } else if (!first) {
            out.println();
        }
        first = false;
        frame.forEach(out::println);
        out.flush();
    }
}
