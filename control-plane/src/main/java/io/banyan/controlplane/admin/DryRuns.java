package io.banyan.controlplane.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.banyan.adminserver.AdminResponse;
import io.banyan.adminserver.ApiException;
import io.banyan.controlplane.xds.snapshot.ConfigPreview;
import io.banyan.controlplane.xds.snapshot.InvalidResource;
import io.banyan.controlplane.xds.snapshot.MeshConfig;
import io.banyan.controlplane.xds.snapshot.ResourceJson;
import io.banyan.controlplane.xds.snapshot.SnapshotPreview;
import io.banyan.primitives.json.JsonMappers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * The answer of a write's dry run ({@code ?dryRun=true}): {@code "dryRun": true}, the object as the write would store
 * it, its {@code warnings}, the Envoy {@code resources} that would change (each distinct version once) and the
 * connected {@code nodes} that would receive them, each with the names of what it would get, lose or have held back.
 * The preview runs on the xDS publisher's thread; an admin thread waits for it at most {@link #TIMEOUT} (503 after).
 */
public final class DryRuns {

    /** How long a dry run waits for the publisher to build every node's snapshot. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ConfigPreview preview;
    private final ResourceJson resources = new ResourceJson();
    private final ObjectMapper tree = JsonMappers.lenient();

    public DryRuns(ConfigPreview preview) {
        this.preview = Objects.requireNonNull(preview, "preview");
    }

    /** Dry runs that find no connected node (embedded callers and tests without an xDS server). */
    public static DryRuns withoutNodes() {
        return new DryRuns(ConfigPreview.NONE);
    }

    /**
     * The answer: {@code object}'s fields after {@code "dryRun": true}, with {@code warnings} (empty when it has none),
     * {@code resources} (unless {@code object} already says which: the route resources' tables) and {@code nodes}.
     */
    AdminResponse answer(ObjectNode object, UnaryOperator<MeshConfig> edit) {
        SnapshotPreview.Preview previewed = await(edit);
        ObjectNode body = tree.createObjectNode().put(ConfigWrites.DRY_RUN, true);
        body.setAll(object);
        if (!body.has("warnings")) {
            body.putArray("warnings");
        }
        if (!body.has("resources")) {
            ArrayNode list = body.putArray("resources");
            previewed.resources().forEach(resource -> list.add(read(resources.print(resource))));
        }
        ArrayNode nodes = body.putArray("nodes");
        for (SnapshotPreview.NodeChange change : previewed.nodes()) {
            ObjectNode node = nodes.addObject().put("id", change.id()).put("service", change.service())
                    .put("kind", change.kind().wireName());
            change.resources().forEach(node.putArray("resources")::add);
            change.removed().forEach(node.putArray("removed")::add);
            ArrayNode heldBack = node.putArray("heldBack");
            for (InvalidResource invalid : change.heldBack()) {
                heldBack.addObject().put("service", invalid.service()).put("kind", invalid.kind())
                        .put("resource", invalid.resource()).put("reason", invalid.reason());
            }
        }
        try {
            return AdminResponse.json(200, tree.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a dry run's answer", e);
        }
    }

    /** {@link #answer} of {@code value} written as the admin API writes it ({@link Json}). */
    AdminResponse answerFor(Object value, UnaryOperator<MeshConfig> edit) {
        return answer(object(Json.bytes(value)), edit);
    }

    /** An object's JSON as a tree, for {@link #answer}. */
    ObjectNode object(byte[] json) {
        return (ObjectNode) read(json);
    }

    private SnapshotPreview.Preview await(UnaryOperator<MeshConfig> edit) {
        try {
            return preview.preview(edit).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted");
        } catch (ExecutionException | TimeoutException e) {
            throw unavailable(e instanceof TimeoutException ? "no answer within " + TIMEOUT.toSeconds() + " s"
                    : String.valueOf(e.getCause()));
        }
    }

    private static ApiException unavailable(String why) {
        return new ApiException(503, "preview-unavailable", "Preview unavailable", "dry run: the xDS publisher"
                + " could not say what would be published (" + why + "); nothing was changed, retry later", null);
    }

    private JsonNode read(String json) {
        return read(json.getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode read(byte[] json) {
        try {
            return tree.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("cannot re-read our own JSON", e);
        }
    }
}
