package io.banyan.adminserver;

/**
 * A request that fails with an RFC 9457 problem: status, a short type slug, a title, a detail and,
 * where there is one, the bad field.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final String field;

    public ApiException(int status, String type, String title, String detail, String field) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.field = field;
    }

    public static ApiException badRequest(String field, String detail) {
        return new ApiException(400, "invalid-request", "Invalid request", detail, field);
    }

    public static ApiException notFound(String field, String detail) {
        return new ApiException(404, "not-found", "Not found", detail, field);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, "conflict", "Conflict", detail, null);
    }

    public static ApiException unsupportedMediaType(String detail) {
        return new ApiException(415, "unsupported-media-type", "Unsupported media type", detail, null);
    }

    /** The store cannot take the change now (disk full, I/O error): nothing was changed, the client may retry. */
    public static ApiException storeUnavailable() {
        return new ApiException(503, "store-unavailable", "Store unavailable",
                "store unavailable: the change was not saved; retry later (reads still answer)", null);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    /** The bad field, or null. */
    public String field() {
        return field;
    }
}
