package io.banyan.controlplane.loadstats;

/** Requests that ended over some interval, and how many of them failed. */
public record RequestCounts(long requests, long errors) {

    public static final RequestCounts NONE = new RequestCounts(0, 0);

    public RequestCounts {
        if (requests < 0 || errors < 0 || errors > requests) {
            throw new IllegalArgumentException("requests " + requests + ", errors " + errors
                    + " (expected: 0 <= errors <= requests)");
        }
    }

    /** Errors per request, 0 without requests. */
    public double errorRate() {
        return requests == 0 ? 0 : (double) errors / requests;
    }

    public RequestCounts plus(RequestCounts other) {
        return new RequestCounts(ClusterLoad.plus(requests, other.requests), ClusterLoad.plus(errors, other.errors));
    }
}
