package io.banyan.cli.ctl;

import io.banyan.cli.options.ErrorReporter;

/**
 * The exit codes of {@code banyan ctl}, the one place scripts' expectations are kept (docs/cli.md lists them): 0
 * success, 1 the admin API refused (a 4xx other than those below), 2 a usage error, 3 not found (404), 4 a conflict
 * (409) or a stale {@code If-Match} (412), 5 the admin API unreachable, failing (5xx) or its TLS refused. {@code ctl
 * diff} answers 0 (no difference) or 1 (differences) when nothing failed.
 */
final class ExitCodes {

    static final int OK = 0;
    static final int REFUSED = ErrorReporter.FAILURE;
    static final int USAGE = ErrorReporter.USAGE;
    static final int NOT_FOUND = 3;
    static final int CONFLICT = 4;
    static final int UNAVAILABLE = 5;
    /** {@code ctl diff}: the files and the live objects differ. */
    static final int DIFFERENT = 1;

    private ExitCodes() {
    }

    /** The exit code of an error answer with HTTP {@code status}. */
    static int of(int status) {
        if (status == 404) {
            return NOT_FOUND;
        }
        if (status == 409 || status == 412) {
            return CONFLICT;
        }
        if (status >= 500 || status < 400) {
            return UNAVAILABLE;
        }
        return REFUSED;
    }
}
