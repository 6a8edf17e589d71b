package io.banyan.cli.options;

import java.io.PrintWriter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.TypeConversionException;

/**
 * Turns every failure into one line on stderr, {@code banyan sidecar: app-port: 'abc' (expected: ...)}:
 * bad flags, environment values, config files and settings validation exit 2; runtime failures exit 1.
 */
public final class ErrorReporter implements IParameterExceptionHandler, IExecutionExceptionHandler {

    public static final int USAGE = 2;
    public static final int FAILURE = 1;
    private static final Logger log = LoggerFactory.getLogger(ErrorReporter.class);

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine command = ex.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(command.getCommandSpec().qualifiedName() + ": " + describe(ex)
                + (ex.getCause() == null ? hint(command) : ""));
        err.flush();
        return USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine command, ParseResult parseResult) {
        PrintWriter err = command.getErr();
        String prefix = command.getCommandSpec().qualifiedName() + ": ";
        if (ex instanceof IllegalArgumentException || ex instanceof ConfigException) {
            err.println(prefix + ex.getMessage());
            err.flush();
            return USAGE;
        }
        if (ex instanceof CommandFailure failure) {
            err.println(prefix + failure.getMessage());
            err.flush();
            return failure.exitCode();
        }
        log.debug("command failed", ex);
        err.println(prefix + "failed: " + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage()));
        err.flush();
        return FAILURE;
    }

    static String describe(ParameterException ex) {
        Throwable cause = ex.getCause();
        if (cause instanceof ConfigException) {
            return cause.getMessage();
        }
        if (cause instanceof TypeConversionException && ex.getArgSpec() instanceof OptionSpec option) {
            String message = cause.getMessage();
            String value = ex.getValue();
            return OptionNames.key(option) + ": '" + value + "' (" + message + ")";
        }
        if (cause instanceof IllegalArgumentException) {
            return cause.getMessage();
        }
        return ex.getMessage();
    }

    private static String hint(CommandLine command) {
        return command.getCommandSpec().findOption("--help") == null && command.getCommandSpec().findOption("-h") == null
                ? "" : " (see '" + command.getCommandSpec().qualifiedName() + " --help')";
    }
}
