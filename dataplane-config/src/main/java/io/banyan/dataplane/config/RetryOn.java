package io.banyan.dataplane.config;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The retry conditions of Envoy's {@code retry_on} (router filter, {@code x-envoy-retry-on} and
 * {@code x-envoy-retry-grpc-on}), by their Envoy tokens.
 */
public enum RetryOn {
    /** Any 5xx response, or no response at all (connect failure, refused stream, reset, per-try timeout). */
    FIVE_XX("5xx"),
    /** A 502, 503 or 504 response, or no response at all. */
    GATEWAY_ERROR("gateway-error"),
    /** No response at all: connect failure, refused stream, reset before the first response byte, per-try timeout. */
    RESET("reset"),
    /** The connection to the endpoint could not be established. */
    CONNECT_FAILURE("connect-failure"),
    /** The endpoint refused the HTTP/2 stream (REFUSED_STREAM): it never processed the request. */
    REFUSED_STREAM("refused-stream"),
    /** A 409 Conflict response. */
    RETRIABLE_4XX("retriable-4xx"),
    /** A response whose status is in {@link RetryPolicy#retriableStatusCodes()}. */
    RETRIABLE_STATUS_CODES("retriable-status-codes"),
    /** gRPC status CANCELLED (1). */
    CANCELLED("cancelled"),
    /** gRPC status DEADLINE_EXCEEDED (4). */
    DEADLINE_EXCEEDED("deadline-exceeded"),
    /** gRPC status RESOURCE_EXHAUSTED (8). */
    RESOURCE_EXHAUSTED("resource-exhausted"),
    /** gRPC status INTERNAL (13). */
    INTERNAL("internal"),
    /** gRPC status UNAVAILABLE (14). */
    UNAVAILABLE("unavailable");

    private final String token;

    RetryOn(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }

    /** Every token the data plane accepts, in declaration order: the one list the control plane validates against. */
    public static List<String> tokens() {
        return Arrays.stream(values()).map(RetryOn::token).toList();
    }

    /** Parses one Envoy token, e.g. {@code "gateway-error"}. */
    public static RetryOn of(String token) {
        String wanted = token == null ? "" : token.trim().toLowerCase(Locale.ROOT);
        for (RetryOn value : values()) {
            if (value.token.equals(wanted)) {
                return value;
            }
        }
        throw new IllegalArgumentException("retryOn: '" + token + "' (expected: one of "
                + Arrays.stream(values()).map(RetryOn::token).collect(Collectors.joining(", ")) + ")");
    }

    /** Parses Envoy's comma-separated list, e.g. {@code "connect-failure,refused-stream"}; blank gives none. */
    public static Set<RetryOn> parseList(String list) {
        EnumSet<RetryOn> result = EnumSet.noneOf(RetryOn.class);
        if (list != null && !list.isBlank()) {
            for (String token : list.split(",")) {
                result.add(of(token));
            }
        }
        return Set.copyOf(result);
    }
}
