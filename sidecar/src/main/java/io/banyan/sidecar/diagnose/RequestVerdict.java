package io.banyan.sidecar.diagnose;

import java.util.ArrayList;
import java.util.List;

/** The one paragraph of a {@link RequestWhy}: what happened to the request, try by try. */
final class RequestVerdict {

    private RequestVerdict() {
    }

    static String of(FailedExchange failure) {
        StringBuilder text = new StringBuilder()
                .append(failure.method()).append(' ')
                .append(failure.authority() == null ? "" : failure.authority()).append(failure.path())
                .append(" (").append(failure.direction().name().toLowerCase(java.util.Locale.ROOT))
                .append(", listener ").append(failure.listener()).append(") at ").append(failure.start())
                .append(" got ").append(failure.status() == 0 ? "no response" : Integer.toString(failure.status()))
                .append(' ').append(failure.cause()).append(" after ").append(failure.durationMillis()).append(" ms: ")
                .append(Causes.meaning(failure.cause())).append('.');
        List<FailedAttempt> attempts = failure.attempts();
        if (attempts.isEmpty()) {
            text.append(" No try was made").append(failure.upstreamService() == null ? ""
                    : " to " + failure.upstreamService()).append('.');
            return text.toString();
        }
        text.append(' ').append(attempts.size()).append(attempts.size() == 1 ? " try" : " tries")
                .append(failure.upstreamService() == null ? "" : " to " + failure.upstreamService()).append(": ");
        List<String> tries = new ArrayList<>(attempts.size());
        for (FailedAttempt attempt : attempts) {
            String outcome = attempt.cause() != null && attempt.status() == 0 ? attempt.cause()
                    : attempt.status() == 0 ? "no response" : "answered " + attempt.status();
            tries.add("#" + attempt.number() + " on " + attempt.endpoint() + " at +" + attempt.offsetMillis()
                    + " ms, " + outcome + " after " + attempt.durationMillis() + " ms");
        }
        return text.append(String.join("; ", tries)).append('.').toString();
    }
}
