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
import io.banyan.controlplane.revision.ConfigWrite;
import io.banyan.controlplane.revision.IfMatch;
import io.banyan.controlplane.revision.Redaction;
import io.banyan.controlplane.revision.Revisions;
import io.banyan.controlplane.revision.StaleETagException;
import io.banyan.controlplane.rollout.Reverter;
import io.banyan.controlplane.rollout.Rollouts;
import io.banyan.controlplane.store.StoredRevision;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The revisions of the mesh configuration: {@code GET /v1/revisions?service=&kind=&limit=} lists them newest first,
 * each with a readable diff ({@link ConfigDiff}); {@code GET /v1/revisions/{n}} answers one whole, with the object
 * before and after; {@code POST /v1/revisions/{n}/revert[?force=true]} writes the object back as it was before
 * revision n, through the resource that writes objects of its kind, as a new revision with {@code revertOf: n}
 * ({@code ?dryRun=true}: checked the same way, it answers what it would write and publish, storing nothing).
 * Every answer hides what the kind's {@link Redaction} hides (the secrets of app configuration).
 */
final class RevisionsResource implements AdminResource {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    /** One revision in the list. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Summary(long revision, Instant at, String author, String kind, String object, String action,
                   Long revertOf, List<String> diff, RolloutsResource.Mark rollout) {

        static Summary of(StoredRevision r, RolloutsResource.Mark rollout) {
            return new Summary(r.revision(), r.at(), r.author(), r.kind(), r.object(), r.action(), r.revertOf(),
                    ConfigDiff.lines(r.before(), r.after(), Redaction.of(r.kind())), rollout);
        }
    }

    /** The list's answer. */
    record Listing(List<Summary> revisions) {
    }

    /** One revision whole. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Whole(long revision, Instant at, String author, String kind, String object, String action, Long revertOf,
                 @JsonInclude(JsonInclude.Include.ALWAYS) JsonNode before,
                 @JsonInclude(JsonInclude.Include.ALWAYS) JsonNode after, List<String> diff,
                 RolloutsResource.Mark rollout) {

        static Whole of(StoredRevision r, RolloutsResource.Mark rollout) {
            Redaction redaction = Redaction.of(r.kind());
            return new Whole(r.revision(), r.at(), r.author(), r.kind(), r.object(), r.action(), r.revertOf(),
                    redaction.redact(r.before()), redaction.redact(r.after()),
                    ConfigDiff.lines(r.before(), r.after(), redaction), rollout);
        }
    }

    /** What a revert's dry run would write: the object of revision {@code revertOf} as it was before it. */
    record RevertPreview(long revertOf, String kind, String object,
                         @JsonInclude(JsonInclude.Include.ALWAYS) JsonNode after) {
    }

    private final Revisions revisions;
    private final Map<ConfigKind, RevertibleResource> writers = new EnumMap<>(ConfigKind.class);
    private final DryRuns dryRuns;
    /** Null when staged rollouts are not served. */
    private final Rollouts rollouts;

    RevisionsResource(Revisions revisions, List<RevertibleResource> writers, DryRuns dryRuns, Rollouts rollouts) {
        this.revisions = revisions;
        this.dryRuns = dryRuns;
        this.rollouts = rollouts;
        writers.forEach(writer -> writer.kinds().forEach(kind -> this.writers.put(kind, writer)));
    }

    /** What the revision record says of the rollout that staged it, if one did and is kept. */
    private RolloutsResource.Mark mark(StoredRevision r) {
        return rollouts == null ? null : rollouts.ofRevision(r.revision()).map(RolloutsResource.Mark::of)
                .orElse(null);
    }

    /**
     * A rollout's write-back: the object of {@code revision} as it was before it, by {@value Reverter#AUTHOR}, as
     * {@code POST /v1/revisions/{n}/revert?force=true} writes it.
     */
    void revertForRollout(long revision) {
        StoredRevision target = revisions.get(revision).orElseThrow(() -> new IllegalStateException("revision "
                + revision + ": not kept"));
        writer(target).revert(target, new ConfigWrite(Reverter.AUTHOR, IfMatch.NONE, target.revision()));
    }

    @Override
    public void addRoutes(RouteTable routes) {
        routes.add("GET", "/v1/revisions", this::list)
                .add("GET", "/v1/revisions/{n}", this::get)
                .add("POST", "/v1/revisions/{n}/revert", this::revert);
    }

    private AdminResponse list(AdminRequest request) {
        String service = request.queryParam("service")
                .map(name -> InvalidFieldException.serviceName("service", name)).orElse(null);
        ConfigKind kind = request.queryParam("kind").map(RevisionsResource::kind).orElse(null);
        int limit = request.queryParam("limit").map(RevisionsResource::limit).orElse(DEFAULT_LIMIT);
        List<Summary> found = revisions.newestFirst(kind, service, limit).stream().map(r -> Summary.of(r, mark(r)))
                .toList();
        return Json.response(200, new Listing(found));
    }

    private AdminResponse get(AdminRequest request) {
        StoredRevision kept = kept(request);
        return Json.response(200, Whole.of(kept, mark(kept)));
    }

    /**
     * Writes back what revision n changed: 409 when a later revision changed the same object (unless
     * {@code force=true}) or when the write would change nothing; what today's rules refuse is the same 400 or 409
     * as a write of that body. Without force the write is conditional on the object being as revision n left it, so
     * a change racing the revert makes it a 409 too, and nothing is written.
     */
    private AdminResponse revert(AdminRequest request) {
        StoredRevision target = kept(request);
        boolean force = ConfigWrites.flag(request, "force");
        boolean dryRun = ConfigWrites.dryRun(request);
        ConfigKind kind = kind(target.kind());
        RevertibleResource writer = writer(target);
        if (rollouts != null) {
            rollouts.checkIdle(kind, target.object());
        }
        boolean conditional = !force && writer.laterChangesRefuse(target);
        if (conditional) {
            revisions.newest(target.kind(), target.object()).filter(latest -> latest.revision() > target.revision())
                    .ifPresent(latest -> {
                        throw laterChange(target, latest);
                    });
        }
        long leftBy = target.after() == null ? 0 : target.revision();
        IfMatch condition = conditional ? new IfMatch(false, List.of(leftBy)) : IfMatch.NONE;
        String author = ConfigWrites.of(request.withIfMatch(null)).author();
        long last = revisions.last();
        try {
            ConfigWrite write = new ConfigWrite(author, condition, target.revision());
            if (dryRun) {
                write.check(revisions.etag(kind, target.object()));
                return dryRuns.answerFor(new RevertPreview(target.revision(), target.kind(), target.object(),
                        target.before()), writer.previewRevert(target));
            }
            writer.revert(target, write);
        } catch (StaleETagException e) {
            throw revisions.newest(target.kind(), target.object()).map(latest -> laterChange(target, latest))
                    .orElseGet(() -> ApiException.conflict(e.getMessage()));
        }
        StoredRevision written = revisions.newestFirst(null, null, MAX_LIMIT).stream()
                .filter(r -> r.revision() > last && Long.valueOf(target.revision()).equals(r.revertOf()))
                .findFirst().orElseThrow(() -> ApiException.conflict("revision " + target.revision() + ": "
                        + target.kind() + " '" + target.object() + "' is already as it was before it (nothing to"
                        + " write)"));
        return ConfigWrites.tagged(Json.response(201, Whole.of(written, mark(written))),
                written.after() == null ? 0 : written.revision());
    }

    private RevertibleResource writer(StoredRevision target) {
        ConfigKind kind = kind(target.kind());
        RevertibleResource writer = writers.get(kind);
        if (writer == null) {
            throw ApiException.conflict("revision " + target.revision() + ": " + kind.wireName()
                    + " changes cannot be reverted (expected: one of " + writers.keySet().stream()
                    .map(ConfigKind::wireName).collect(Collectors.joining(", ")) + ")");
        }
        return writer;
    }

    private StoredRevision kept(AdminRequest request) {
        long number = number(request.pathParam("n"));
        return revisions.get(number).orElseThrow(() ->
                ApiException.notFound("n", "revision " + number + ": not kept (expected: a revision from"
                        + " GET /v1/revisions; at most the latest 10000 are kept)"));
    }

    private static ApiException laterChange(StoredRevision target, StoredRevision latest) {
        return ApiException.conflict("revision " + latest.revision() + " (" + latest.action() + " by "
                + latest.author() + ") changed " + target.kind() + " '" + target.object() + "' after revision "
                + target.revision() + " (expected: revert " + latest.revision() + " first, or ?force=true)");
    }

    /** The kind named {@code text}, else 400 listing the kinds. */
    private static ConfigKind kind(String text) {
        return ConfigKind.of(text).orElseThrow(() -> new InvalidFieldException("kind", "kind: '" + text
                + "' (expected: one of " + Arrays.stream(ConfigKind.values()).map(ConfigKind::wireName)
                .collect(Collectors.joining(", ")) + ")"));
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
