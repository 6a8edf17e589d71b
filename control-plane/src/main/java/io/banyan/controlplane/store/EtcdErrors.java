package io.banyan.controlplane.store;

import io.banyan.primitives.time.Durations;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** What a failed request to etcd means for the store: etcd unreachable, no quorum, or a refusal. */
final class EtcdErrors {

    private EtcdErrors() {
    }

    /**
     * The cause of unavailability {@code failure} shows ({@code etcd unreachable: ...}, {@code no quorum ...}), or
     * null when etcd answered and refused (a request too large, permission denied: not a matter of availability).
     */
    static String unavailability(Throwable failure, Duration timeout) {
        Throwable root = unwrap(failure);
        if (root instanceof TimeoutException) {
            return "no quorum: etcd did not answer within " + Durations.format(timeout);
        }
        String message = String.valueOf(root.getMessage());
        if (message.contains("no leader") || message.contains("leader changed")
                || message.contains("timed out") || message.contains("DEADLINE_EXCEEDED")) {
            return "no quorum: " + message;
        }
        if (root instanceof EtcdException etcd) {
            ErrorCode code = etcd.getErrorCode();
            if (code == ErrorCode.DEADLINE_EXCEEDED) {
                return "no quorum: " + message;
            }
            if (code == ErrorCode.UNAVAILABLE || code == ErrorCode.CANCELLED || code == ErrorCode.UNKNOWN) {
                return "etcd unreachable: " + message;
            }
            return null;
        }
        if (root instanceof java.io.IOException || message.contains("UNAVAILABLE")) {
            return "etcd unreachable: " + message;
        }
        return null;
    }

    static Throwable unwrap(Throwable failure) {
        Throwable root = failure;
        while ((root instanceof CompletionException || root instanceof ExecutionException) && root.getCause() != null) {
            root = root.getCause();
        }
        return root;
    }
}
