package io.banyan.controlplane.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.banyan.adminserver.AdminRequest;
import io.banyan.adminserver.AdminResponse;
import io.banyan.adminserver.ApiException;
import io.banyan.adminserver.JsonBodies;
import io.banyan.adminserver.RouteTable;
import io.banyan.controlplane.appconfig.AppConfigBook;
import io.banyan.controlplane.appconfig.ConfigDocument;
import io.banyan.controlplane.appconfig.ConfigEdit;
import io.banyan.controlplane.registry.InvalidFieldException;
import io.banyan.controlplane.registry.Registry;
import io.banyan.controlplane.revision.ConfigKind;
import io.banyan.controlplane.revision.ConfigWrite;
import io.banyan.controlplane.revision.Redaction;
import io.banyan.controlplane.rollout.StableValue;
import io.banyan.controlplane.store.StoredRevision;
import io.banyan.controlplane.xds.snapshot.MeshConfig;
import io.banyan.dataplane.config.AppConfig;
import io.banyan.primitives.json.JsonMappers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A service's app configuration ({@code /v1/services/{service}/config}): read it, replace it (PUT, creating the
 * service as a policy write does), merge-patch it (PATCH, RFC 7396, {@code application/merge-patch+json}) or delete
 * it. Answers are {@code {"service", "revision", "values", "secrets"}} with every secret shown as {@code "<secret>"},
 * and the {@code ETag}; writes honour {@code If-Match} and {@code ?dryRun=true} (validated, answered with
 * {@code "dryRun": true}, the document as it would be stored and what would be published to whom, nothing written).
 * A PUT or PATCH may ask for a staged rollout ({@link StagedWrites}).
 */
final class AppConfigResource implements RevertibleResource {

    static final int MAX_BODY_BYTES = 256 * 1024;
    static final String MERGE_PATCH = "application/merge-patch+json";
    /** The version a dry run's preview of the delivered configuration carries (the real one is the revision). */
    private static final String PREVIEW_VERSION = "dry-run";
    private static final ObjectMapper STRICT = JsonMappers.strict();

    private final Registry registry;
    private final AppConfigBook book;
    private final DryRuns dryRuns;
    private final StagedWrites staged;

    AppConfigResource(Registry registry, AppConfigBook book, DryRuns dryRuns, StagedWrites staged) {
        this.registry = registry;
        this.book = book;
        this.dryRuns = dryRuns;
        this.staged = staged;
    }

    @Override
    public void addRoutes(RouteTable routes) {
        routes.add("GET", "/v1/services/{service}/config", this::get)
                .add("PUT", "/v1/services/{service}/config", this::put)
                .add("PATCH", "/v1/services/{service}/config", this::patch)
                .add("DELETE", "/v1/services/{service}/config", this::delete);
    }

    private AdminResponse get(AdminRequest request) {
        String name = request.pathParam("service");
        long etag = book.etag(name); // first: a write in between makes a later If-Match stale, not lost
        ConfigDocument document = book.get(name).orElseThrow(() -> registry.service(name).isEmpty()
                ? unknownService(name)
                : ApiException.notFound("service", "service '" + name + "': has no app configuration (expected:"
                        + " one set with PUT /v1/services/" + name + "/config)"));
        return ConfigWrites.tagged(answer(name, etag, document), etag);
    }

    private AdminResponse put(AdminRequest request) {
        JsonBodies.requireJsonBody(request);
        checkSize(request);
        StagedWrites.Asked asked = staged.extract(request);
        return write(asked, ConfigEdit.put(ConfigDocument.of(body(asked.request()))));
    }

    private AdminResponse patch(AdminRequest request) {
        if (!JsonBodies.mediaType(request).equals(MERGE_PATCH)) {
            throw ApiException.unsupportedMediaType("Content-Type: '" + request.contentType() + "' (expected: "
                    + MERGE_PATCH + ")");
        }
        checkSize(request);
        StagedWrites.Asked asked = staged.extract(request);
        return write(asked, ConfigEdit.patch(body(asked.request())));
    }

    private AdminResponse write(StagedWrites.Asked asked, ConfigEdit edit) {
        AdminRequest request = asked.request();
        String name = InvalidFieldException.serviceName("service", request.pathParam("service"));
        ConfigWrite write = ConfigWrites.of(request);
        if (ConfigWrites.dryRun(request)) {
            ConfigDocument next = book.preview(name, edit, write);
            return dryRuns.answer(json(name, book.etag(name), next), edit(name, next));
        }
        return staged.write(ConfigKind.CONFIG, name, asked.rollout(),
                () -> StableValue.appConfig(name, book.delivered(name)), () -> write(name, edit, write),
                etag -> ConfigWrites.tagged(answer(name, etag, book.get(name).orElseThrow()), etag));
    }

    /** The configuration with {@code next} delivered as {@code service}'s (nothing when a secret does not open). */
    private UnaryOperator<MeshConfig> edit(String service, ConfigDocument next) {
        AppConfig delivered = book.deliveredAs(service, next, PREVIEW_VERSION).orElse(null);
        return config -> config.withService(service).withAppConfig(service, delivered);
    }

    /** Creates the service if needed (as a policy write does), then writes the configuration. */
    private long write(String name, ConfigEdit edit, ConfigWrite write) {
        book.preview(name, edit, write); // refused before the service is created
        registry.putService(name, ConfigWrite.by(write.author()));
        return book.write(name, edit, write);
    }

    private AdminResponse delete(AdminRequest request) {
        String name = request.pathParam("service");
        ConfigWrite write = ConfigWrites.of(request);
        if (ConfigWrites.dryRun(request)) {
            write.check(book.etag(name));
            if (book.get(name).isEmpty()) {
                throw noConfig(name);
            }
            return dryRuns.answer(STRICT.createObjectNode().put("service", name),
                    config -> config.withAppConfig(name, null));
        }
        staged.checkIdle(ConfigKind.CONFIG, name);
        if (!book.remove(name, write)) {
            throw registry.service(name).isEmpty() ? unknownService(name) : noConfig(name);
        }
        return ConfigWrites.tagged(AdminResponse.noContent(), book.etag(name));
    }

    @Override
    public Set<ConfigKind> kinds() {
        return Set.of(ConfigKind.CONFIG);
    }

    @Override
    public void revert(StoredRevision revision, ConfigWrite write) {
        if (revision.before() == null) {
            book.remove(revision.object(), write);
        } else {
            write(revision.object(), ConfigEdit.restore(ConfigDocument.of(revision.before())), write);
        }
    }

    @Override
    public UnaryOperator<MeshConfig> previewRevert(StoredRevision revision) {
        if (revision.before() == null) {
            return config -> config.withAppConfig(revision.object(), null);
        }
        ConfigWrite unconditional = ConfigWrite.by(ConfigWrite.ADMIN);
        return edit(revision.object(), book.preview(revision.object(),
                ConfigEdit.restore(ConfigDocument.of(revision.before())), unconditional));
    }

    private static void checkSize(AdminRequest request) {
        if (request.body().length > MAX_BODY_BYTES) {
            throw new ApiException(413, "payload-too-large", "Payload too large", "body: " + request.body().length
                    + " bytes (expected: at most " + MAX_BODY_BYTES + ")", "body");
        }
    }

    private static JsonNode body(AdminRequest request) {
        if (request.body().length == 0) {
            throw ApiException.badRequest("body", "body: empty (expected: a JSON object)");
        }
        try {
            return STRICT.readTree(request.body());
        } catch (IOException e) {
            throw ApiException.badRequest("body", "body: not JSON (expected: a JSON object with values and"
                    + " secrets)");
        }
    }

    /** {@code {"service", "revision", "values", "secrets": {KEY: "<secret>"}}}. */
    private static AdminResponse answer(String service, long revision, ConfigDocument document) {
        return new AdminResponse(200, Map.of(), AdminResponse.JSON,
                json(service, revision, document).toString().getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode json(String service, long revision, ConfigDocument document) {
        ObjectNode body = STRICT.createObjectNode();
        body.put("service", service).put("revision", revision);
        body.setAll(document.toJson(secret -> Redaction.SECRET));
        return body;
    }

    private static ApiException unknownService(String name) {
        return ApiException.notFound("service", "service '" + name + "': not found");
    }

    private static ApiException noConfig(String name) {
        return ApiException.notFound("service", "service '" + name + "': has no app configuration");
    }
}
