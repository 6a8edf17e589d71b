package io.banyan.sidecar.loadbalance;

import io.banyan.dataplane.config.Endpoint;

import java.util.Collection;

/** Checks against the endpoints a request already tried, cheap when it tried none. */
final class Tried {

    private Tried() {
    }

    static boolean contains(Collection<Endpoint> tried, Endpoint endpoint) {
        return !tried.isEmpty() && tried.contains(endpoint);
    }

    static boolean coversAll(Collection<Endpoint> tried, Endpoint[] endpoints) {
        if (tried.isEmpty()) {
            return endpoints.length == 0;
        }
        for (Endpoint endpoint : endpoints) {
            if (!tried.contains(endpoint)) {
                return false;
            }
        }
        return true;
    }
}
