package io.banyan.sidecar.diagnose;

import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code /debug/why} in plain text: the verdict first, then the facts it rests on, one per line. Characters a client
 * may have sent (request ids, paths) are shown with control characters replaced, so the text cannot forge lines.
 */
public final class WhyText {

    private WhyText() {
    }

    public static String of(ServiceWhy why) {
        StringBuilder text = new StringBuilder();
        text.append(why.service()).append(": ").append(shown(why.verdict())).append("\n\n");
        ServiceWhy.Scope scope = why.scope();
        line(text, "declared", scope.declared() ? "yes (" + scope.how() + ")" : "no");
        line(text, "in config", scope.inConfig() ? "yes (cluster " + why.service() + ")" : "no");
        if (why.paths().isEmpty()) {
            line(text, "paths", "none");
        }
        for (ServiceWhy.PathToService path : why.paths()) {
            line(text, "path", path.listener() + " " + path.address() + ":" + path.port() + " " + path.direction()
                    + (path.routeConfig() == null ? " (tcp)" : " -> routes " + path.routeConfig() + ", host "
                    + path.virtualHost() + " " + path.domains() + ", route " + (path.route() == null ? "-"
                    : path.route()) + " " + path.match() + ", " + path.weight() + "%"));
        }
        ServiceWhy.ClusterState cluster = why.cluster();
        if (cluster != null) {
            line(text, "cluster", cluster.discovery() + " " + cluster.protocol() + (cluster.panic() ? ", PANIC" : "")
                    + (cluster.ejected() == null ? ", outlier detection off" : ", " + cluster.ejected()
                    + " ejected (at most " + cluster.maxEjectionPercent() + "%)")
                    + (cluster.thresholds().isEmpty() ? "" : ", in use " + cluster.thresholds().entrySet().stream()
                    .map(entry -> entry.getKey() + " " + entry.getValue()).collect(Collectors.joining(", "))));
            long healthy = why.endpoints().stream().filter(ServiceWhy.EndpointState::healthy).count();
            line(text, "endpoints", healthy + " healthy of " + why.endpoints().size());
            for (ServiceWhy.EndpointState endpoint : why.endpoints()) {
                text.append("  ").append(endpoint.address()).append("  ").append(endpoint.state());
                if (endpoint.ejectionReason() != null) {
                    text.append(" (").append(endpoint.ejectionReason()).append(") until ").append(endpoint.ejectedUntil());
                }
                if (!endpoint.flags().isEmpty() && !endpoint.healthy()) {
                    text.append("  flags ").append(String.join(",", endpoint.flags()));
                }
                if (!endpoint.zone().isEmpty()) {
                    text.append("  zone ").append(endpoint.zone());
                }
                text.append('\n');
            }
        }
        ServiceWhy.RetryState retries = why.retries();
        if (retries != null) {
            line(text, "retries", retries.gate() + ": " + retries.active() + " of " + retries.limit() + " in flight"
                    + (retries.budgetPercent() == null ? "" : " (" + retries.budgetPercent()
                    + "% of requests in flight, at least " + retries.minRetryConcurrency() + ")")
                    + "; refused " + retries.exhaustedTotal() + " since the start");
        }
        ServiceWhy.Failures failures = why.failures();
        if (failures.byCause().isEmpty()) {
            line(text, "failures", "none since the start");
        }
        for (CauseCount count : failures.byCause()) {
            line(text, "failures", count.count() + " " + count.cause() + ", last " + count.last()
                    + (count.requestIds().isEmpty() ? "" : ", request ids " + shown(String.join(" ", count.requestIds()))));
        }
        for (ServiceWhy.RecentFailure recent : failures.recent()) {
            line(text, "recent", shown(recent.requestId()) + " at " + recent.at() + " " + recent.status() + " "
                    + recent.cause() + (recent.endpoint() == null ? "" : " on " + recent.endpoint()) + ", "
                    + recent.attempts() + (recent.attempts() == 1 ? " try" : " tries"));
        }
        ServiceWhy.ConfigState config = why.config();
        if (config == null) {
            return text.toString();
        }
        line(text, "control plane", (config.controlPlane().isEmpty() ? "none" : config.controlPlane())
                + (config.connected() ? " connected" : " NOT connected")
                + (config.staleConfig() ? ", stale_config since " + config.staleSince() : "")
                + (config.lastUpdate() == null ? "" : ", last update " + config.lastUpdate()));
        for (ServiceWhy.TypeState type : config.types()) {
            line(text, "config " + type.type(), "acked " + (type.acked() == null ? "none" : type.acked())
                    + (type.nacked() ? ", last push NACKED" : "")
                    + (type.lastNack() == null ? "" : ", last NACK version " + type.lastNack().version() + " at "
                    + type.lastNack().at() + ": " + type.lastNack().message())
                    + (type.refusedNow().isEmpty() ? "" : ", refused now " + type.refusedNow()));
        }
        return text.toString();
    }

    public static String of(RequestWhy why) {
        FailedExchange failure = why.exchange();
        StringBuilder text = new StringBuilder();
        text.append(shown(why.requestId())).append(": ").append(shown(why.verdict())).append("\n\n");
        line(text, "request", shown(failure.method() + " " + (failure.authority() == null ? "" : failure.authority())
                + failure.path()) + " " + failure.protocol());
        line(text, "listener", failure.listener() + " " + failure.direction().name().toLowerCase(java.util.Locale.ROOT));
        line(text, "started", failure.start().toString());
        line(text, "answered", failure.status() + " " + failure.cause() + " after " + failure.durationMillis() + " ms");
        line(text, "service", failure.upstreamService() == null ? "-" : failure.upstreamService()
                + (failure.route() == null ? "" : " (route " + failure.route() + ")"));
        if (failure.traceId() != null) {
            line(text, "trace", shown(failure.traceId()));
        }
        List<FailedAttempt> attempts = failure.attempts();
        line(text, "tries", Integer.toString(attempts.size()));
        for (FailedAttempt attempt : attempts) {
            text.append("  #").append(attempt.number()).append(' ').append(attempt.endpoint())
                    .append("  +").append(attempt.offsetMillis()).append(" ms  ").append(attempt.durationMillis())
                    .append(" ms  ").append(attempt.status() == 0 ? "-" : Integer.toString(attempt.status()))
                    .append("  ").append(attempt.cause() == null ? "-" : attempt.cause()).append('\n');
        }
        return text.toString();
    }

    private static void line(StringBuilder text, String label, String value) {
        text.append(String.format("%-16s%s", label, value)).append('\n');
    }

    /** {@code value} with control characters as '?' ({@code -} for null): a client's text, safe to show. */
    public static String shown(String value) {
        if (value == null) {
            return "-";
        }
        StringBuilder shown = new StringBuilder(value.length());
        value.codePoints().forEach(point -> shown.appendCodePoint(Character.isISOControl(point) ? '?' : point));
        return shown.toString();
    }
}
