package io.banyan.dataplane.xds;

import com.google.protobuf.Any;
import com.google.protobuf.Struct;
import io.banyan.api.xds.EdgeFilters;
import io.banyan.dataplane.config.ApiKeySettings;
import io.banyan.dataplane.config.ClientKeySource;
import io.banyan.dataplane.config.ClientRateLimitSettings;
import io.banyan.dataplane.config.CorsSettings;
import io.banyan.dataplane.config.CorsSettings.OriginMatcher;
import io.banyan.dataplane.config.EdgeRouteSettings;
import io.envoyproxy.envoy.extensions.filters.http.api_key_auth.v3.ApiKeyAuthPerRoute;
import io.envoyproxy.envoy.extensions.filters.http.api_key_auth.v3.KeySource;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.CorsPolicy;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.PerRouteConfig;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A gateway route's end-user policy from its {@code typed_per_filter_config} (docs/xds.md): jwt_authn's
 * {@code PerRouteConfig.requirement_name}, api_key_auth's {@code ApiKeyAuthPerRoute} (one key source, header or query;
 * credentials whose key is the SHA-256 hex of the API key; no allowed_clients), cors's {@code CorsPolicy} (origins
 * exact, suffix or the regex {@code .*}; methods, headers, max_age, credentials), and Banyan's client rate limit and
 * body limit TypedStructs. Anything else in those configs is rejected, naming it.
 */
public final class EdgeRouteTranslator {

    static final String KIND = "route configuration";
    static final String ANY_ORIGIN_REGEX = ".*";

    /** The policy of the route at {@code where} (e.g. {@code virtual_hosts[0].routes[2]}) of route table {@code name}. */
    public EdgeRouteSettings translate(Map<String, Any> perFilter, String name, String where)
            throws InvalidResourceException {
        String jwt = null;
        ApiKeySettings apiKeys = null;
        ClientRateLimitSettings rateLimit = null;
        CorsSettings cors = null;
        long maxRequestBytes = 0;
        EdgeStructs structs = new EdgeStructs(KIND, name);
        for (Map.Entry<String, Any> entry : perFilter.entrySet()) {
            String field = where + " typed_per_filter_config['" + entry.getKey() + "']";
            Any any = entry.getValue();
            try {
                switch (entry.getKey()) {
                    case EdgeFilters.JWT_AUTHN -> {
                        PerRouteConfig config = ProtoFields.unpack(any, PerRouteConfig.class, field, KIND, name);
                        if (config.getRequirementSpecifierCase() != PerRouteConfig.RequirementSpecifierCase.REQUIREMENT_NAME) {
                            throw new InvalidResourceException(KIND, name, field + " " + config.getRequirementSpecifierCase()
                                    + " (expected: requirement_name)");
                        }
                        jwt = config.getRequirementName();
                    }
                    case EdgeFilters.API_KEY_AUTH -> apiKeys = apiKeys(ProtoFields.unpack(any, ApiKeyAuthPerRoute.class,
                            field, KIND, name), field, name);
                    case EdgeFilters.CORS -> cors = cors(ProtoFields.unpack(any, CorsPolicy.class, field, KIND, name),
                            field, name);
                    case EdgeFilters.CLIENT_RATE_LIMIT -> rateLimit = rateLimit(structs, structs.struct(any,
                            EdgeFilters.CLIENT_RATE_LIMIT_TYPE, Set.of(EdgeFilters.FIELD_KEY,
                                    EdgeFilters.FIELD_REQUESTS_PER_SECOND, EdgeFilters.FIELD_BURST), field), field);
                    case EdgeFilters.REQUEST_BODY_LIMIT -> maxRequestBytes = structs.whole(structs.struct(any,
                                    EdgeFilters.REQUEST_BODY_LIMIT_TYPE, Set.of(EdgeFilters.FIELD_MAX_REQUEST_BYTES), field),
                            EdgeFilters.FIELD_MAX_REQUEST_BYTES, 1, 1L << 40, 0, field);
                    default -> {
                        // not an end-user filter's config
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new InvalidResourceException(KIND, name, field + " " + e.getMessage());
            }
        }
        return new EdgeRouteSettings(jwt, apiKeys, rateLimit, cors, maxRequestBytes);
    }

    private static ApiKeySettings apiKeys(ApiKeyAuthPerRoute config, String field, String name)
            throws InvalidResourceException {
        if (config.getAllowedClientsCount() > 0) {
            throw new InvalidResourceException(KIND, name, field + ".allowed_clients is unsupported (expected: none;"
                    + " a route accepts every key it lists)");
        }
        if (config.getKeySourcesCount() != 1) {
            throw new InvalidResourceException(KIND, name, field + ".key_sources: " + config.getKeySourcesCount()
                    + " (expected: exactly one)");
        }
        KeySource source = config.getKeySources(0);
        if (!source.getCookie().isEmpty() || source.getHeader().isEmpty() == source.getQuery().isEmpty()) {
            throw new InvalidResourceException(KIND, name, field + ".key_sources[0] (expected: a header or a query"
                    + " parameter, not a cookie)");
        }
        List<ApiKeySettings.Credential> credentials = new ArrayList<>();
        for (var credential : config.getCredentialsList()) {
            credentials.add(new ApiKeySettings.Credential(credential.getKey(), credential.getClient()));
        }
        return new ApiKeySettings(source.getHeader().isEmpty() ? null : source.getHeader().toLowerCase(java.util.Locale.ROOT),
                source.getQuery().isEmpty() ? null : source.getQuery(), credentials);
    }

    private static CorsSettings cors(CorsPolicy policy, String field, String name) throws InvalidResourceException {
        String other = policy.hasFilterEnabled() ? "filter_enabled"
                : policy.hasShadowEnabled() ? "shadow_enabled"
                : policy.hasAllowPrivateNetworkAccess() ? "allow_private_network_access"
                : policy.hasForwardNotMatchingPreflights() ? "forward_not_matching_preflights"
                : null;
        if (other != null) {
            throw new InvalidResourceException(KIND, name, field + "." + other + " is unsupported (expected: unset)");
        }
        List<OriginMatcher> origins = new ArrayList<>();
        for (int i = 0; i < policy.getAllowOriginStringMatchCount(); i++) {
            StringMatcher matcher = policy.getAllowOriginStringMatch(i);
            origins.add(switch (matcher.getMatchPatternCase()) {
                case EXACT -> new OriginMatcher(OriginMatcher.Kind.EXACT, matcher.getExact());
                case SUFFIX -> new OriginMatcher(OriginMatcher.Kind.SUFFIX, matcher.getSuffix());
                case SAFE_REGEX -> {
                    if (!ANY_ORIGIN_REGEX.equals(matcher.getSafeRegex().getRegex())) {
                        throw new InvalidResourceException(KIND, name, field + ".allow_origin_string_match[" + i
                                + "].safe_regex '" + matcher.getSafeRegex().getRegex() + "' (expected: '.*' only)");
                    }
                    yield new OriginMatcher(OriginMatcher.Kind.ANY, null);
                }
                default -> throw new InvalidResourceException(KIND, name, field + ".allow_origin_string_match[" + i
                        + "] " + matcher.getMatchPatternCase() + " (expected: exact, suffix or safe_regex '.*')");
            });
        }
        long maxAge;
        try {
            maxAge = policy.getMaxAge().isEmpty() ? 0 : Long.parseLong(policy.getMaxAge());
        } catch (NumberFormatException e) {
            throw new InvalidResourceException(KIND, name, field + ".max_age '" + policy.getMaxAge()
                    + "' (expected: whole seconds)");
        }
        return new CorsSettings(origins, policy.getAllowMethods(), policy.getAllowHeaders(), policy.getExposeHeaders(),
                maxAge, policy.hasAllowCredentials() && policy.getAllowCredentials().getValue());
    }

    private static ClientRateLimitSettings rateLimit(EdgeStructs structs, Struct struct, String field)
            throws InvalidResourceException {
        String key = structs.string(struct, EdgeFilters.FIELD_KEY, field);
        ClientKeySource source = switch (key) {
            case EdgeFilters.KEY_API_KEY -> ClientKeySource.API_KEY;
            case EdgeFilters.KEY_JWT_SUBJECT -> ClientKeySource.JWT_SUBJECT;
            case EdgeFilters.KEY_CLIENT_IP -> ClientKeySource.CLIENT_IP;
            default -> throw new IllegalArgumentException("value.key '" + key
                    + "' (expected: api_key, jwt_subject or client_ip)");
        };
        var rate = struct.getFieldsMap().get(EdgeFilters.FIELD_REQUESTS_PER_SECOND);
        if (rate == null) {
            throw new IllegalArgumentException("value.requests_per_second missing (expected: a number)");
        }
        double perSecond = structs.number(rate, EdgeFilters.FIELD_REQUESTS_PER_SECOND, field);
        int burst = (int) structs.whole(struct, EdgeFilters.FIELD_BURST, 1, 1_000_000_000,
                (long) Math.max(1, Math.ceil(perSecond)), field);
        return new ClientRateLimitSettings(source, perSecond, burst);
    }
}
