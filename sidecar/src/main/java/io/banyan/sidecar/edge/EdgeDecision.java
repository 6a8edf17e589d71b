package io.banyan.sidecar.edge;

import io.banyan.sidecar.core.ErrorCause;

import java.util.List;
import java.util.Map;

/** What the gateway does with a request after its route's end-user policy. */
public sealed interface EdgeDecision {

    /**
     * Forward it, after removing {@code removeHeaders} (always the incoming copies of the headers the gate sets, and the
     * credentials that are not forwarded), then setting {@code setHeaders}, and removing query parameter
     * {@code removeQueryParameter} (or none); add {@code responseHeaders} to the response (CORS); stop the body at
     * {@code maxRequestBytes} (0: no limit).
     */
    record Proceed(List<String> removeHeaders, Map<String, String> setHeaders, String removeQueryParameter,
                   Map<String, String> responseHeaders, long maxRequestBytes) implements EdgeDecision {

        public static final Proceed UNCHANGED = new Proceed(List.of(), Map.of(), null, Map.of(), 0);

        public Proceed {
            removeHeaders = List.copyOf(removeHeaders);
            setHeaders = Map.copyOf(setHeaders);
            responseHeaders = Map.copyOf(responseHeaders);
        }
    }

    /** Answer with {@code cause} (its status and {@code x-banyan-error}) and {@code headers}; the upstream is not asked. */
    record Reject(ErrorCause cause, Map<String, String> headers) implements EdgeDecision {

        public Reject {
            headers = Map.copyOf(headers);
        }
    }

    /** Answer a CORS preflight with 204 and {@code headers}; the upstream is not asked. */
    record Preflight(Map<String, String> headers) implements EdgeDecision {

        public Preflight {
            headers = Map.copyOf(headers);
        }
    }
}
