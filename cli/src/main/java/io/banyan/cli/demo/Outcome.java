package io.banyan.cli.demo;

/**
 * What one demo request came back with.
 *
 * @param instance the orders instance that answered, or empty when the mesh (or the client) failed
 * @param status   HTTP status, 0 when no response
 * @param failure  empty on success; else the x-banyan-error cause, {@code app_503}, {@code status_NNN} or
 *                 {@code client_<exception>}
 */
public record Outcome(String instance, int status, String failure) {

    public static final String APP_503 = "app_503";

    public static Outcome served(String instance) {
        return new Outcome(instance, 200, "");
    }

    public boolean success() {
        return failure.isEmpty();
    }

    /** The flaky app's own 503, passed through by the mesh: counted apart from mesh failures. */
    public boolean appFailure() {
        return APP_503.equals(failure);
    }

    /** Classifies a response: the mesh names its failures in {@code x-banyan-error}; the app names itself. */
    public static Outcome of(int status, String banyanError, String instanceHeader) {
        String instance = instanceHeader == null ? "" : instanceHeader;
        if (banyanError != null && !banyanError.isEmpty()) {
            return new Outcome(instance, status, banyanError);
        }
        if (status >= 200 && status < 300 && !instance.isEmpty()) {
            return new Outcome(instance, status, "");
        }
        if (status == 503 && !instance.isEmpty()) {
            return new Outcome(instance, status, APP_503);
        }
        return new Outcome(instance, status, "status_" + status);
    }

    public static Outcome clientError(Throwable error) {
        return new Outcome("", 0, "client_" + error.getClass().getSimpleName());
    }
}
