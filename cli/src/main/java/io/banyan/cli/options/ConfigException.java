package io.banyan.cli.options;

/** Bad options or configuration: reported as one line, exit code 2. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
