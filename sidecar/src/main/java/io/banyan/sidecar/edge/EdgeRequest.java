package io.banyan.sidecar.edge;

/** What the gate reads of a request head; the protocol layer adapts its own request to it. */
public interface EdgeRequest {

    /** The method, upper case. */
    String method();

    /** The first value of a header (case-insensitive name), or {@code null}. */
    String header(String name);

    /** The first value of a query parameter, decoded, or {@code null}. */
    String queryParameter(String name);

    /** The declared body length, or -1 when unknown (chunked, HTTP/2 without content-length). */
    long contentLength();

    /** The client's address as text (its connection's peer), never a header a client wrote. */
    String clientAddress();
}
