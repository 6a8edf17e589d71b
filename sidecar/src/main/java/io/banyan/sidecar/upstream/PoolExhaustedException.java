package io.banyan.sidecar.upstream;

/** The endpoint already has as many open connections as the pool allows. */
public final class PoolExhaustedException extends Exception {

    public PoolExhaustedException(String endpoint, int max) {
        super("upstream pool of " + endpoint + " is full: " + max + " connections", null, false, false);
    }
}
