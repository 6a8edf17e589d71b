package io.banyan.dataplane.xds;

import io.banyan.dataplane.config.MirrorPolicy;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteAction.RequestMirrorPolicy;
import io.envoyproxy.envoy.type.v3.FractionalPercent;

import java.util.ArrayList;
import java.util.List;

/**
 * A route action's {@code request_mirror_policies} to {@link MirrorPolicy}s: a {@code cluster} ({@code cluster_header}
 * is NACKed: a client must not choose where its copy goes), the share from {@code runtime_fraction.default_value}
 * (any denominator; a numerator above it means every request; no {@code runtime_fraction}: every request; the
 * {@code runtime_key} is ignored, there is no runtime layer), {@code disable_shadow_host_suffix_append}; {@code
 * trace_sampled} is ignored. More than {@link MirrorPolicy#MAX_PER_ROUTE} policies are NACKed.
 */
final class RequestMirrorTranslator {

    private RequestMirrorTranslator() {
    }

    static List<MirrorPolicy> mirrors(String name, String where, RouteAction action) throws InvalidResourceException {
        int count = action.getRequestMirrorPoliciesCount();
        if (count > MirrorPolicy.MAX_PER_ROUTE) {
            throw new InvalidResourceException(RouteConfigTranslator.KIND, name, where + " request_mirror_policies: "
                    + count + " (expected: at most " + MirrorPolicy.MAX_PER_ROUTE + ")");
        }
        List<MirrorPolicy> mirrors = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String field = where + " request_mirror_policies[" + i + "]";
            mirrors.add(mirror(name, field, action.getRequestMirrorPolicies(i)));
        }
        return mirrors;
    }

    private static MirrorPolicy mirror(String name, String where, RequestMirrorPolicy policy)
            throws InvalidResourceException {
        if (!policy.getClusterHeader().isEmpty()) {
            throw invalid(name, where + ".cluster_header '" + policy.getClusterHeader()
                    + "' is unsupported (expected: cluster)");
        }
        if (policy.getCluster().isBlank()) {
            throw invalid(name, where + ".cluster '' (expected: a cluster name)");
        }
        int partsPerMillion = MirrorPolicy.MILLION;
        if (policy.hasRuntimeFraction()) {
            if (!policy.getRuntimeFraction().hasDefaultValue()) {
                throw invalid(name, where + ".runtime_fraction.default_value absent (expected: a FractionalPercent)");
            }
            partsPerMillion = partsPerMillion(name, where, policy.getRuntimeFraction().getDefaultValue());
        }
        return new MirrorPolicy(policy.getCluster(), partsPerMillion, !policy.getDisableShadowHostSuffixAppend());
    }

    /** {@code numerator / denominator} in millionths; a numerator above the denominator is everything (as Envoy). */
    private static int partsPerMillion(String name, String where, FractionalPercent fraction)
            throws InvalidResourceException {
        long scale = switch (fraction.getDenominator()) {
            case HUNDRED -> 10_000;
            case TEN_THOUSAND -> 100;
            case MILLION -> 1;
            default -> throw invalid(name, where + ".runtime_fraction.default_value.denominator "
                    + fraction.getDenominator() + " (expected: HUNDRED, TEN_THOUSAND or MILLION)");
        };
        return (int) Math.min(MirrorPolicy.MILLION, Integer.toUnsignedLong(fraction.getNumerator()) * scale);
    }

    private static InvalidResourceException invalid(String name, String message) {
        return new InvalidResourceException(RouteConfigTranslator.KIND, name, message);
    }
}
