package io.banyan.adminserver;

/**
 * Who may use the admin port: each process's access rules (a bearer token; the sidecar adds host, origin and
 * browser checks). Runs on the request head before any body is read (the request has no body yet) and again,
 * with the body, before the handler (fail closed). Plain Java, no Netty.
 */
@FunctionalInterface
public interface AdminGate {

    /**
     * @param openRoute the path is served only by open routes (probes and scrapers, no token)
     * @return null if the request may go on, else the answer that refuses it
     */
    AdminResponse refusal(AdminRequest request, boolean openRoute);

    /** The name of who makes a request this gate let through (the author of what it writes); null: unnamed. */
    default String principal(AdminRequest request) {
        return null;
    }
}
