package io.banyan.certs;

/** What a workload certificate may be used for: its extended key usages. */
public enum Usage {
    /** serverAuth only. */
    SERVER,
    /** clientAuth only. */
    CLIENT,
    /** serverAuth and clientAuth: a sidecar is both (mutual TLS). */
    BOTH;

    public boolean server() {
        return this != CLIENT;
    }

    public boolean client() {
        return this != SERVER;
    }
}
