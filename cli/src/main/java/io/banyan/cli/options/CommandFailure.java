package io.banyan.cli.options;

/** A command that ran but failed (an error response, a failed check): one line on stderr and its exit code. */
public final class CommandFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public CommandFailure(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
