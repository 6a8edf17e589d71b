package io.banyan.adminserver;

/**
 * The request methods the admin API knows, a closed set: any other method is {@link #OTHER} (answered 501), so a
 * client-chosen method never becomes a metric label or a retained string.
 */
enum AdminMethod {
    GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS, TRACE, CONNECT, OTHER;

    /** The method of {@code name} (case-sensitive, as HTTP methods are), or {@link #OTHER}. */
    static AdminMethod of(String name) {
        return switch (name) {
            case "GET" -> GET;
            case "HEAD" -> HEAD;
            case "POST" -> POST;
            case "PUT" -> PUT;
            case "DELETE" -> DELETE;
            case "PATCH" -> PATCH;
            case "OPTIONS" -> OPTIONS;
            case "TRACE" -> TRACE;
            case "CONNECT" -> CONNECT;
            default -> OTHER;
        };
    }

    /** The {@code method} label: the method's name, or {@code other}. */
    String label() {
        return this == OTHER ? "other" : name();
    }
}
