package io.banyan.adminserver;

/**
 * Turns a handler's failure of the caller's own domain (an invalid field, a store that cannot write) into its answer;
 * {@link ApiException}s and unknown failures are answered by the server itself.
 */
@FunctionalInterface
public interface ErrorAnswers {

    /** No domain failures: every other exception is a 500. */
    ErrorAnswers NONE = (failure, path) -> null;

    /** The answer to {@code failure} at {@code path}, or null when it is not one of the caller's. */
    AdminResponse answer(RuntimeException failure, String path);
}
