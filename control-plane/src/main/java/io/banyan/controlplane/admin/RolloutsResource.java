package io.banyan.controlplane.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.banyan.adminserver.AdminRequest;
import io.banyan.adminserver.AdminResource;
import io.banyan.adminserver.AdminResponse;
import io.banyan.adminserver.ApiException;
import io.banyan.adminserver.RouteTable;
import io.banyan.controlplane.loadstats.RequestCounts;
import io.banyan.controlplane.rollout.RolloutRecord;
import io.banyan.controlplane.rollout.Rollouts;

import java.time.Instant;
import java.util.List;

/**
 * The staged rollouts: {@code GET /v1/rollouts} lists those in flight and the last 50 finished,
 * {@code GET /v1/rollouts/{id}} answers one, each with its canary nodes and the requests and errors the canaries and
 * the other nodes reported since it started.
 */
final class RolloutsResource implements AdminResource {

    /** Requests that ended and how many failed. */
    record Stats(long requests, long errors, double errorRate) {

        static Stats of(RequestCounts counts) {
            return new Stats(counts.requests(), counts.errors(), counts.errorRate());
        }
    }

    /** One rollout as the API shows it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record View(String id, long revision, String kind, String object, String state, List<String> canary,
                Instant startedAt, Instant bakeUntil, String reason, Stats canaryStats, Stats restStats) {

        static View of(RolloutRecord r, Rollouts rollouts) {
            return new View(r.id(), r.revision(), r.kind().wireName(), r.object(), r.state().wireName(), r.canary(),
                    r.startedAt(), r.bakeUntil(), r.reason(), Stats.of(rollouts.canaryStats(r)),
                    Stats.of(rollouts.restStats(r)));
        }
    }

    /** The list's answer. */
    record Listing(List<View> rollouts) {
    }

    /** What a revision record says of the rollout that staged it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Mark(String id, String state, String reason) {

        static Mark of(RolloutRecord r) {
            return new Mark(r.id(), r.state().wireName(), r.reason());
        }
    }

    private final Rollouts rollouts;

    RolloutsResource(Rollouts rollouts) {
        this.rollouts = rollouts;
    }

    @Override
    public void addRoutes(RouteTable routes) {
        routes.add("GET", "/v1/rollouts", this::list)
                .add("GET", "/v1/rollouts/{id}", this::get);
    }

    private AdminResponse list(AdminRequest request) {
        return Json.response(200, new Listing(rollouts.all().stream().map(r -> View.of(r, rollouts)).toList()));
    }

    private AdminResponse get(AdminRequest request) {
        String id = request.pathParam("id");
        return Json.response(200, View.of(rollouts.get(id).orElseThrow(() -> ApiException.notFound("id",
                "rollout '" + cut(id) + "': not kept (expected: an id from GET /v1/rollouts; the last "
                        + Rollouts.MAX_FINISHED + " finished are kept)")), rollouts));
    }

    private static String cut(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
