package io.banyan.controlplane.admin;

import io.banyan.adminserver.AdminRequest;
import io.banyan.adminserver.AdminResponse;
import io.banyan.adminserver.ApiException;
import io.banyan.adminserver.JsonBodies;
import io.banyan.adminserver.RouteTable;
import io.banyan.controlplane.policy.PolicyBook;
import io.banyan.controlplane.policy.PolicyJson;
import io.banyan.controlplane.policy.TrafficPolicy;
import io.banyan.controlplane.registry.InvalidFieldException;
import io.banyan.controlplane.registry.Registry;
import io.banyan.controlplane.revision.ConfigKind;
import io.banyan.controlplane.revision.ConfigWrite;
import io.banyan.controlplane.rollout.StableValue;
import io.banyan.controlplane.store.StoredRevision;
import io.banyan.controlplane.xds.snapshot.MeshConfig;
import io.banyan.controlplane.xds.snapshot.PolicyCheck;

import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A service's traffic policy: read the effective one (defaults when none is set), replace it (creating the
 * service if needed, as a registration does), or delete it (back to the defaults). Answers carry the policy's
 * {@code ETag}; writes honour {@code If-Match}; {@code ?dryRun=true} checks a write the same way and answers what it
 * would publish ({@link DryRuns}), storing nothing.
 */
final class PolicyResource implements RevertibleResource {

    private final Registry registry;
    private final PolicyBook policies;
    private final PolicyCheck check;
    private final StagedWrites staged;
    private final PolicyJson json = new PolicyJson();
    private final DryRuns dryRuns;

    PolicyResource(Registry registry, PolicyBook policies, PolicyCheck check, DryRuns dryRuns,
                   StagedWrites staged) {
        this.registry = registry;
        this.policies = policies;
        this.check = check;
        this.dryRuns = dryRuns;
        this.staged = staged;
    }

    @Override
    public void addRoutes(RouteTable routes) {
        routes.add("GET", "/v1/services/{service}/policy", this::get)
                .add("PUT", "/v1/services/{service}/policy", this::put)
                .add("DELETE", "/v1/services/{service}/policy", this::delete);
    }

    private AdminResponse get(AdminRequest request) {
        String name = request.pathParam("service");
        if (registry.service(name).isEmpty()) {
            throw unknown(name);
        }
        long etag = policies.etag(name); // first: a write in between makes a later If-Match stale, not lost
        return ConfigWrites.tagged(ok(policies.effective(name)), etag);
    }

    private AdminResponse put(AdminRequest request) {
        String name = InvalidFieldException.serviceName("service", request.pathParam("service"));
        ConfigWrite write = ConfigWrites.of(request);
        boolean dryRun = ConfigWrites.dryRun(request);
        JsonBodies.requireJsonBody(request);
        StagedWrites.Asked asked = staged.extract(request);
        TrafficPolicy policy = json.read(asked.request().body());
        if (dryRun) {
            check.check(name, policy);
            write.check(policies.etag(name));
            return dryRuns.answer(dryRuns.object(json.write(policy)), edit(name, policy));
        }
        return staged.write(ConfigKind.POLICY, name, asked.rollout(),
                () -> StableValue.policy(name, policies.get(name)), () -> write(name, policy, write),
                revision -> ConfigWrites.tagged(ok(policy), revision));
    }

    /** The configuration with {@code policy} as the service's (null: none), the service created if needed. */
    private static UnaryOperator<MeshConfig> edit(String name, TrafficPolicy policy) {
        return config -> config.withService(name).withPolicy(name, policy);
    }

    /** Checks the policy with the sidecars' rules, creates the service if needed, stores the policy. */
    private long write(String name, TrafficPolicy policy, ConfigWrite write) {
        check.check(name, policy);
        write.check(policies.etag(name));
        registry.putService(name, ConfigWrite.by(write.author()));
        return policies.put(name, policy, write);
    }

    @Override
    public Set<ConfigKind> kinds() {
        return Set.of(ConfigKind.POLICY);
    }

    @Override
    public void revert(StoredRevision revision, ConfigWrite write) {
        if (revision.before() == null) {
            policies.remove(revision.object(), write);
        } else {
            write(revision.object(), json.read(ConfigWrites.body(revision.before())), write);
        }
    }

    @Override
    public UnaryOperator<MeshConfig> previewRevert(StoredRevision revision) {
        if (revision.before() == null) {
            return config -> config.withPolicy(revision.object(), null);
        }
        TrafficPolicy policy = json.read(ConfigWrites.body(revision.before()));
        check.check(revision.object(), policy);
        return edit(revision.object(), policy);
    }

    private AdminResponse delete(AdminRequest request) {
        String name = request.pathParam("service");
        if (ConfigWrites.dryRun(request)) {
            ConfigWrites.of(request).check(policies.etag(name));
            if (policies.get(name).isEmpty() && registry.service(name).isEmpty()) {
                throw unknown(name);
            }
            return dryRuns.answer(dryRuns.object(json.write(TrafficPolicy.DEFAULT)),
                    config -> config.withPolicy(name, null));
        }
        staged.checkIdle(ConfigKind.POLICY, name);
        if (!policies.remove(name, ConfigWrites.of(request)) && registry.service(name).isEmpty()) {
            throw unknown(name);
        }
        return ConfigWrites.tagged(AdminResponse.noContent(), policies.etag(name));
    }

    private AdminResponse ok(TrafficPolicy policy) {
        return new AdminResponse(200, Map.of(), AdminResponse.JSON, json.write(policy));
    }

    private static ApiException unknown(String name) {
        return ApiException.notFound("service", "service '" + name + "': not found");
    }
}
