package io.banyan.sidecar.metrics;

/** The {@code status_class} tag: an HTTP status to {@code 1xx}..{@code 5xx} (anything out of range is clamped). */
final class StatusClasses {

    /** Indexes 1..5 are used; 0 is spare so that an index is the status's first digit. */
    static final int COUNT = 6;

    private static final String[] LABELS = {"1xx", "1xx", "2xx", "3xx", "4xx", "5xx"};

    private StatusClasses() {
    }

    static int index(int status) {
        return Math.max(1, Math.min(5, status / 100));
    }

    static String label(int index) {
        return LABELS[index];
    }
}
