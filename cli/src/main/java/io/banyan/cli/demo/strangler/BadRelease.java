package io.banyan.cli.demo.strangler;

import io.banyan.cli.demo.Outcome;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's bad release: {@value #NAME}, a new release of {@value #FROM} whose app answers 503 to one request in 5,
 * sent to {@value #PATH} at the gateway as a guarded migration from {@value #FROM} (25 %, then all, advanced by hand
 * only) whose guard rolls it back once it has at least {@value #MIN_REQUESTS} requests in its 30 s window at an
 * error rate above 2 %. It goes out once {@value #FROM} has taken all of {@value #PATH}, while the monolith still
 * runs.
 */
public final class BadRelease {

    public static final String NAME = "orders-next";
    public static final String FROM = "orders";
    public static final String PATH = "/orders";
    /** The share of the release's answers that are 503s. */
    public static final double FAILURE_RATE = 0.2;
    /** The weight of the migration's first step, in percent: the share of {@value #PATH} the release takes. */
    public static final int FIRST_WEIGHT = 25;
    public static final double MAX_ERROR_RATE = 0.02;
    public static final int MIN_REQUESTS = 50;
    public static final Duration WINDOW = Duration.ofSeconds(30);
    /** The demo control plane's load-report interval: the data planes report, and the guard judges, this often. */
    public static final Duration LOAD_REPORT_INTERVAL = Duration.ofMillis(500);
    /** How long the demo waits for the guard's rollback before it fails the run. */
    public static final Duration ROLLBACK_TIMEOUT = Duration.ofSeconds(60);
    /** The failure kind (as {@link PathTally} counts it) of the release's own 503s, passed through by the mesh. */
    public static final String EXPECTED_FAILURE = PATH + " " + Outcome.APP_503;

    private BadRelease() {
    }

    public static String title() {
        return "a bad release of " + FROM + " (" + NAME + ": 1 answer in " + Math.round(1 / FAILURE_RATE)
                + " is a 503) goes out as a guarded migration";
    }

    /** The body of {@code POST /v1/migrations}: the release's guarded migration at {@code gateway}. */
    public static Map<String, Object> migration(String gateway) {
        Map<String, Object> guard = new LinkedHashMap<>();
        guard.put("maxErrorRate", MAX_ERROR_RATE);
        guard.put("minRequests", MIN_REQUESTS);
        guard.put("window", WINDOW.toSeconds() + "s");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", NAME);
        body.put("gateway", gateway);
        body.put("match", Map.of("path", Map.of("prefix", PATH)));
        body.put("from", FROM);
        body.put("to", NAME);
        body.put("steps", List.of(FIRST_WEIGHT, 100));
        body.put("guard", guard);
        return body;
    }

    /**
     * The index of the plan's step after which the release goes out: the first where {@value #FROM} has all of
     * {@value #PATH} and the monolith still runs; -1 when the plan has none.
     */
    public static int after(StranglerPlan plan) {
        List<MigrationStep> steps = plan.steps();
        for (int i = 0; i < steps.size(); i++) {
            MigrationStep step = steps.get(i);
            boolean whole = step.share(PATH).filter(share -> share.service().equals(FROM) && !share.onMonolith())
                    .isPresent();
            if (whole && step.monolithRegistered()) {
                return i;
            }
        }
        return -1;
    }
}
