package io.banyan.controlplane.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.banyan.adminserver.AdminRequest;
import io.banyan.adminserver.AdminResponse;
import io.banyan.controlplane.registry.InvalidFieldException;
import io.banyan.controlplane.revision.ConfigKind;
import io.banyan.controlplane.rollout.Rollout;
import io.banyan.controlplane.rollout.RolloutField;
import io.banyan.controlplane.rollout.RolloutRecord;
import io.banyan.controlplane.rollout.Rollouts;
import io.banyan.controlplane.rollout.StableValue;
import io.banyan.primitives.json.JsonMappers;

import java.io.IOException;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The staged-rollout side of the configuration writes: takes the {@code rollout} member out of a PUT body, refuses a
 * write to an object whose rollout is in flight (409), and stages a write that asked for one: answered 202 with the
 * object, its ETag and {@code "rollout": {view}}. Without {@link Rollouts} (an embedded admin API), a rollout is a 400.
 */
final class StagedWrites {

    /** No staged rollouts: a write that asks for one is refused. */
    static final StagedWrites NONE = new StagedWrites(null);

    private final Rollouts rollouts;
    private final ObjectMapper json = JsonMappers.withIsoTimes(JsonMappers.lenient());

    StagedWrites(Rollouts rollouts) {
        this.rollouts = rollouts;
    }

    /** The request asks for a rollout: the request with its body without it, and the rollout. */
    record Asked(AdminRequest request, Optional<Rollout> rollout) {
    }

    /** {@code request} with the rollout member taken out of its body (400 when that member is malformed). */
    Asked extract(AdminRequest request) {
        RolloutField.Extracted extracted = RolloutField.extract(request.body());
        if (extracted.rollout().isPresent() && rollouts == null) {
            throw new InvalidFieldException(RolloutField.FIELD, "rollout: staged rollouts are not served here"
                    + " (expected: a write without rollout)");
        }
        return new Asked(request.withBody(extracted.body()), extracted.rollout());
    }

    /** 409 when a rollout of the object is in flight. */
    void checkIdle(ConfigKind kind, String object) {
        if (rollouts != null) {
            rollouts.checkIdle(kind, object);
        }
    }

    /**
     * Writes at once ({@code rollout} empty: after checking no rollout of the object is in flight) or stages the
     * write; {@code answer} makes the 200 answer of the revision written, which a staged write turns into its 202.
     *
     * @param stable the object at its value now, read before the write
     */
    AdminResponse write(ConfigKind kind, String object, Optional<Rollout> rollout, Supplier<StableValue> stable,
                        LongSupplier write, LongFunction<AdminResponse> answer) {
        if (rollout.isEmpty()) {
            checkIdle(kind, object);
            return answer.apply(write.getAsLong());
        }
        RolloutRecord staged = rollouts.stage(kind, object, rollout.get(), stable.get(), write);
        AdminResponse written = answer.apply(staged.revision());
        return staged(written, RolloutsResource.View.of(staged, rollouts));
    }

    private AdminResponse staged(AdminResponse written, RolloutsResource.View view) {
        try {
            JsonNode body = json.readTree(written.body());
            ObjectNode object = body != null && body.isObject() ? (ObjectNode) body : json.createObjectNode();
            object.set(RolloutField.FIELD, json.valueToTree(view));
            AdminResponse answer = AdminResponse.json(202, json.writeValueAsBytes(object));
            for (var header : written.headers().entrySet()) {
                answer = answer.withHeader(header.getKey(), header.getValue());
            }
            return answer;
        } catch (IOException e) {
            throw new IllegalStateException("cannot add the rollout to an answer", e);
        }
    }
}
