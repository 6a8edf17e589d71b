package io.banyan.cli.ctl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ctl rollouts} against a stand-in of {@code /v1/rollouts} on a real socket: requests, text and exit codes. */
class RolloutsCtlIT {

    private static final String BAKING = view("baking", null);
    private static final String REVERTED = view("reverted",
            "canary error rate 0.25 > rest 0.01 + 0.01 over 30s (120 requests)");
    private static final String PROMOTED = view("promoted", null);

    private final Deque<String> views = new ArrayDeque<>();
    @RegisterExtension
    final AdminApiStub stub = new AdminApiStub(this::answer);

    @Test
    void listShowsOneRowPerRollout() {
        int code = stub.ctl("rollouts", "list");

        assertThat(code).as(stub.err.toString()).isZero();
        assertThat(stub.requests()).containsExactly("GET /v1/rollouts  ");
        List<String> lines = stub.out.toString().lines().toList();
        assertThat(lines.get(0)).isEqualTo(RolloutLines.HEADER);
        assertThat(lines.get(1)).startsWith("ro-42        reverted  policy 'orders'").contains("1       ")
                .endsWith("canary error rate 0.25 > rest 0.01 + 0.01 over 30s (120 requests)");
    }

    @Test
    void getShowsTheCanaryTheStatsAndTheReason() {
        views.add(REVERTED);

        int code = stub.ctl("rollouts", "get", "ro-42");

        assertThat(code).as(stub.err.toString()).isZero();
        assertThat(stub.requests()).containsExactly("GET /v1/rollouts/ro-42  ");
        assertThat(stub.out.toString()).isEqualTo("""
                ro-42: reverted, revision 42, policy 'orders'
                  canary: sidecar~web~1
                  started 2026-01-01T00:00:00Z, bake until 2026-01-01T00:00:30Z
                  canary 120 requests, 30 errors (0.2500); rest 200 requests, 2 errors (0.0100)
                  reason: canary error rate 0.25 > rest 0.01 + 0.01 over 30s (120 requests)
                """);
    }

    @Test
    void watchEndsWithZeroWhenPromotedAndOneWhenReverted() {
        views.add(BAKING);
        views.add(PROMOTED);
        assertThat(stub.ctl("rollouts", "watch", "ro-42", "--interval", "100ms")).as(stub.err.toString()).isZero();
        assertThat(stub.out.toString()).contains("ro-42: baking").contains("ro-42: promoted");

        views.clear();
        views.add(REVERTED);
        assertThat(stub.ctl("rollouts", "watch", "ro-42", "--interval", "100ms")).isEqualTo(1);
        assertThat(stub.err.toString()).contains("ro-42: reverted, revision 42, policy 'orders': canary error rate 0.25");
    }

    private AdminApiStub.Answer answer(String method, String path, String query) {
        if (path.equals("/v1/rollouts")) {
            return new AdminApiStub.Answer(200, "{\"rollouts\": [" + REVERTED + "]}");
        }
        String view = views.size() > 1 ? views.poll() : views.peek();
        return view == null ? AdminApiStub.Answer.problem(404, "Not Found", "rollout 'x': not kept", "id")
                : new AdminApiStub.Answer(200, view);
    }

    private static String view(String state, String reason) {
        return """
                {"id": "ro-42", "revision": 42, "kind": "policy", "object": "orders", "state": "%s",
                 "canary": ["sidecar~web~1"], "startedAt": "2026-01-01T00:00:00Z", "bakeUntil": "2026-01-01T00:00:30Z",
                 %s"canaryStats": {"requests": 120, "errors": 30, "errorRate": 0.25},
                 "restStats": {"requests": 200, "errors": 2, "errorRate": 0.01}}""".formatted(state,
                reason == null ? "" : "\"reason\": \"" + reason + "\", ");
    }
}
