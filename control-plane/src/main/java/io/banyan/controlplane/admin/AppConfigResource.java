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
import io.banyan.controlplane.store.StoredRevision;
import io.banyan.primitives.json.JsonMappers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A service's app configuration ({@code /v1/services/{service}/config}): read it, replace it (PUT, creating the
 * service as a policy write does), merge-patch it (PATCH, RFC 7396, {@code application/merge-patch+json}) or delete
 * it. Answers are {@code {"service", "revision", "values", "secrets"}} with every secret shown as {@code "<secret>"},
 * and the {@code ETag}; writes honour {@code If-Match} and {@code ?dryRun=true} (validated, answered with
 * {@code "dryRun": true} and the document as it would be stored, nothing written). A {@code rollout} member of a
 * PUT or PATCH body is taken off before the body is read ({@link RolloutMember}).
 */
final class AppConfigResource implements RevertibleResource {

    static final int MAX_BODY_BYTES = 256 * 1024;
    static final String MERGE_PATCH = "application/merge-patch+json";
    private static final ObjectMapper STRICT = JsonMappers.strict();

    private final Registry registry;
    private final AppConfigBook book;

    AppConfigResource(Registry registry, AppConfigBook book) {
        this.registry = registry;
        this.book = book;
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
        if (registry.service(name).isEmpty() && book.get(name).isEmpty()) {
            throw unknownService(name);
        }
        ConfigDocument document = book.get(name).orElseThrow(() -> ApiException.notFound("service",
                "service '" + name + "': has no app configuration (expected: one set with PUT"
                        + " /v1/services/" + name + "/config)"));
        long etag = book.etag(name);
        return ConfigWrites.tagged(answer(name, etag, document, false), etag);
    }

    private AdminResponse put(AdminRequest request) {
        JsonBodies.requireJsonBody(request);
        ConfigDocument plain = ConfigDocument.of(RolloutMember.strip(body(request)));
        return write(request, ConfigEdit.put(plain));
    }

    private AdminResponse patch(AdminRequest request) {
        String mediaType = request.contentType() == null ? ""
                : request.contentType().split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals(MERGE_PATCH)) {
            throw ApiException.unsupportedMediaType("Content-Type: '" + request.contentType() + "' (expected: "
                    + MERGE_PATCH + ")");
        }
        return write(request, ConfigEdit.patch(RolloutMember.strip(body(request))));
    }

    private AdminResponse write(AdminRequest request, ConfigEdit edit) {
        String name = InvalidFieldException.serviceName("service", request.pathParam("service"));
        ConfigWrite write = ConfigWrites.of(request);
        if (RouteAnswers.dryRun(request)) {
            ConfigDocument next = book.preview(name, edit, write);
            long etag = book.etag(name);
            return ConfigWrites.tagged(answer(name, etag, next, true), etag);
        }
        long etag = write(name, edit, write);
        return ConfigWrites.tagged(answer(name, etag, book.get(name).orElseThrow(), false), etag);
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
        if (RouteAnswers.dryRun(request)) {
            book.preview(name, ConfigEdit.restore(ConfigDocument.EMPTY), write);
            if (book.get(name).isEmpty()) {
                throw noConfig(name);
            }
            ObjectNode body = STRICT.createObjectNode().put(RouteAnswers.DRY_RUN, true).put("service", name);
            body.putArray("warnings");
            return ConfigWrites.tagged(new AdminResponse(200, Map.of(), AdminResponse.JSON,
                    body.toString().getBytes(StandardCharsets.UTF_8)), book.etag(name));
        }
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

    private static JsonNode body(AdminRequest request) {
        if (request.body().length > MAX_BODY_BYTES) {
            throw new ApiException(413, "payload-too-large", "Payload too large", "body: " + request.body().length
                    + " bytes (expected: at most " + MAX_BODY_BYTES + ")", "body");
        }
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

    /** {@code {"service", "revision", "values", "secrets": {KEY: "<secret>"}}}, with {@code "dryRun": true} first. */
    private static AdminResponse answer(String service, long revision, ConfigDocument document, boolean dryRun) {
        ObjectNode body = STRICT.createObjectNode();
        if (dryRun) {
            body.put(RouteAnswers.DRY_RUN, true);
        }
        body.put("service", service).put("revision", revision);
        body.setAll(document.toJson(secret -> Redaction.SECRET));
        if (dryRun) {
            body.putArray("warnings");
        }
        return new AdminResponse(200, Map.of(), AdminResponse.JSON, body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static ApiException unknownService(String name) {
        return ApiException.notFound("service", "service '" + name + "': not found");
    }

    private static ApiException noConfig(String name) {
        return ApiException.notFound("service", "service '" + name + "': has no app configuration");
    }
}
