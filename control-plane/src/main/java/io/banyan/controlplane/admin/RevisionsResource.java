package io.banyan.controlplane.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.banyan.adminserver.AdminRequest;
import io.banyan.adminserver.AdminResource;
import io.banyan.adminserver.AdminResponse;
import io.banyan.adminserver.ApiException;
import io.banyan.adminserver.RouteTable;
import io.banyan.controlplane.registry.InvalidFieldException;
import io.banyan.controlplane.revision.ConfigDiff;
import io.banyan.controlplane.revision.ConfigKind;
import io.banyan.controlplane.revision.Revisions;
import io.banyan.controlplane.store.StoredRevision;

import java.time.Instant;
import java.util.List;

/**
 * The revisions of the mesh configuration: {@code GET /v1/revisions?service=&kind=&limit=} lists them newest first,
 * each with a readable diff ({@link ConfigDiff}); {@code GET /v1/revisions/{n}} answers one whole, with the object
 * before and after.
 */
final class RevisionsResource implements AdminResource {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    /** One revision in the list. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Summary(long revision, Instant at, String author, String kind, String object, String action,
                   Long revertOf, List<String> diff) {

        static Summary of(StoredRevision r) {
            return new Summary(r.revision(), r.at(), r.author(), r.kind(), r.object(), r.action(), r.revertOf(),
                    ConfigDiff.lines(r.before(), r.after()));
        }
    }

    /** The list's answer. */
    record Listing(List<Summary> revisions) {
    }

    /** One revision whole. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Whole(long revision, Instant at, String author, String kind, String object, String action, Long revertOf,
                 @JsonInclude(JsonInclude.Include.ALWAYS) JsonNode before,
                 @JsonInclude(JsonInclude.Include.ALWAYS) JsonNode after, List<String> diff) {

        static Whole of(StoredRevision r) {
            return new Whole(r.revision(), r.at(), r.author(), r.kind(), r.object(), r.action(), r.revertOf(),
                    r.before(), r.after(), ConfigDiff.lines(r.before(), r.after()));
        }
    }

    private final Revisions revisions;

    RevisionsResource(Revisions revisions) {
        this.revisions = revisions;
    }

    @Override
    public void addRoutes(RouteTable routes) {
        routes.add("GET", "/v1/revisions", this::list)
                .add("GET", "/v1/revisions/{n}", this::get);
    }

    private AdminResponse list(AdminRequest request) {
        String service = request.queryParam("service")
                .map(name -> InvalidFieldException.serviceName("service", name)).orElse(null);
        ConfigKind kind = request.queryParam("kind").map(text -> ConfigKind.parse("kind", text)).orElse(null);
        int limit = request.queryParam("limit").map(RevisionsResource::limit).orElse(DEFAULT_LIMIT);
        List<Summary> found = revisions.newestFirst(kind, service, limit).stream().map(Summary::of).toList();
        return Json.response(200, new Listing(found));
    }

    private AdminResponse get(AdminRequest request) {
        long number = number(request.pathParam("n"));
        return revisions.get(number).map(r -> Json.response(200, Whole.of(r))).orElseThrow(() ->
                ApiException.notFound("n", "revision " + number + ": not kept (expected: a revision from"
                        + " GET /v1/revisions; at most the latest 10000 are kept)"));
    }

    private static int limit(String text) {
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new InvalidFieldException("limit", "limit: '" + text + "' (expected: an integer 1.." + MAX_LIMIT + ")");
    }

    static long number(String text) {
        try {
            long number = Long.parseLong(text);
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new InvalidFieldException("n", "n: '" + text + "' (expected: a revision number, 1 or more)");
    }
}
