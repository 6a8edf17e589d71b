package io.banyan.cli.ctl.migrations;

import java.util.ArrayList;
import java.util.List;

/** Columns of text, each as wide as its widest cell, two spaces apart, left-aligned (as kubectl prints its tables). */
public final class TextTable {

    private static final String GAP = "  ";

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    public TextTable(String... headers) {
        this.columns = headers.length;
        rows.add(headers.clone());
    }

    public TextTable row(String... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("row: " + cells.length + " cells (expected: " + columns + ")");
        }
        rows.add(cells.clone());
        return this;
    }

    /** The header line first, then each row, trailing spaces stripped. */
    public List<String> lines() {
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>(rows.size());
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(i == 0 ? "" : GAP).append(row[i]).append(" ".repeat(widths[i] - row[i].length()));
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }
}
