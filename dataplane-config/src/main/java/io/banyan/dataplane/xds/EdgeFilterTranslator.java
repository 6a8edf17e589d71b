package io.banyan.dataplane.xds;

import com.google.protobuf.Struct;
import io.banyan.api.xds.EdgeFilters;
import io.banyan.dataplane.config.EdgeListenerSettings;
import io.banyan.dataplane.config.JwtProviderSettings;
import io.banyan.dataplane.config.JwtRequirementSettings;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.extensions.filters.http.api_key_auth.v3.ApiKeyAuth;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.JwtHeader;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.JwtProvider;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.JwtRequirement;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The end-user http filters of a gateway listener's HttpConnectionManager to {@link EdgeListenerSettings}
 * (docs/xds.md, "End-user policy at the gateway"): {@code envoy.filters.http.jwt_authn} with providers and a
 * requirement_map (no rules: routes name their requirement), {@code envoy.filters.http.api_key_auth} and
 * {@code envoy.filters.http.cors} with no filter-level settings, and Banyan's client rate limit and body limit
 * TypedStructs. A provider takes its token from {@code Authorization: Bearer} only, its keys from local_jwks.filename
 * or remote_jwks.http_uri (https); a requirement is a provider_name, or requires_any of a provider_name and
 * allow_missing. Any other setting of these filters is rejected, naming it: what the gateway does not do is never
 * silently ignored. Other http filters are left to their own translators.
 */
public final class EdgeFilterTranslator {

    private static final String KIND = ListenerTranslator.KIND;
    private static final Duration DEFAULT_CACHE = Duration.ofMinutes(5);

    /** The edge settings of {@code listener}'s {@code hcm}; {@link EdgeListenerSettings#NONE} when it has none of these filters. */
    public EdgeListenerSettings translate(HttpConnectionManager hcm, String listener) throws InvalidResourceException {
        Map<String, JwtRequirementSettings> requirements = Map.of();
        int maxClients = EdgeListenerSettings.DEFAULT_MAX_CLIENTS;
        EdgeStructs structs = new EdgeStructs(KIND, listener);
        for (int i = 0; i < hcm.getHttpFiltersCount(); i++) {
            HttpFilter filter = hcm.getHttpFilters(i);
            String field = "http_filters[" + i + "] '" + filter.getName() + "'";
            switch (filter.getName()) {
                case EdgeFilters.JWT_AUTHN -> requirements = jwt(ProtoFields.unpack(filter.getTypedConfig(),
                        JwtAuthentication.class, field, KIND, listener), field, listener);
                case EdgeFilters.API_KEY_AUTH -> {
                    ApiKeyAuth auth = ProtoFields.unpack(filter.getTypedConfig(), ApiKeyAuth.class, field, KIND, listener);
                    if (auth.getCredentialsCount() > 0 || auth.getKeySourcesCount() > 0) {
                        throw new InvalidResourceException(KIND, listener, field + ": filter-level credentials or"
                                + " key_sources (expected: none; routes carry their keys in typed_per_filter_config)");
                    }
                }
                case EdgeFilters.CORS -> ProtoFields.unpack(filter.getTypedConfig(),
                        io.envoyproxy.envoy.extensions.filters.http.cors.v3.Cors.class, field, KIND, listener);
                case EdgeFilters.CLIENT_RATE_LIMIT -> {
                    Struct struct = structs.struct(filter.getTypedConfig(), EdgeFilters.CLIENT_RATE_LIMIT_TYPE,
                            Set.of(EdgeFilters.FIELD_MAX_CLIENTS), field);
                    maxClients = (int) structs.whole(struct, EdgeFilters.FIELD_MAX_CLIENTS, 1, 10_000_000,
                            EdgeListenerSettings.DEFAULT_MAX_CLIENTS, field);
                }
                case EdgeFilters.REQUEST_BODY_LIMIT -> structs.struct(filter.getTypedConfig(),
                        EdgeFilters.REQUEST_BODY_LIMIT_TYPE, Set.of(), field);
                default -> {
                    // not an end-user filter
                }
            }
        }
        return new EdgeListenerSettings(requirements, maxClients);
    }

    private Map<String, JwtRequirementSettings> jwt(JwtAuthentication authentication, String field, String listener)
            throws InvalidResourceException {
        if (authentication.getRulesCount() > 0 || authentication.hasFilterStateRules()) {
            throw new InvalidResourceException(KIND, listener, field + ".rules (expected: none; routes name their"
                    + " requirement with PerRouteConfig.requirement_name)");
        }
        Map<String, JwtProviderSettings> providers = new HashMap<>();
        for (Map.Entry<String, JwtProvider> entry : authentication.getProvidersMap().entrySet()) {
            providers.put(entry.getKey(), provider(entry.getKey(), entry.getValue(),
                    field + ".providers['" + entry.getKey() + "']", listener));
        }
        Map<String, JwtRequirementSettings> requirements = new LinkedHashMap<>();
        for (Map.Entry<String, JwtRequirement> entry : authentication.getRequirementMapMap().entrySet()) {
            requirements.put(entry.getKey(), requirement(entry.getValue(), providers,
                    field + ".requirement_map['" + entry.getKey() + "']", listener));
        }
        return requirements;
    }

    private JwtRequirementSettings requirement(JwtRequirement requirement, Map<String, JwtProviderSettings> providers,
                                               String field, String listener) throws InvalidResourceException {
        if (requirement.getRequiresTypeCase() == JwtRequirement.RequiresTypeCase.PROVIDER_NAME) {
            return new JwtRequirementSettings(provider(requirement.getProviderName(), providers, field, listener), false);
        }
        if (requirement.getRequiresTypeCase() == JwtRequirement.RequiresTypeCase.REQUIRES_ANY) {
            List<JwtRequirement> any = requirement.getRequiresAny().getRequirementsList();
            if (any.size() == 2 && any.get(0).getRequiresTypeCase() == JwtRequirement.RequiresTypeCase.PROVIDER_NAME
                    && any.get(1).getRequiresTypeCase() == JwtRequirement.RequiresTypeCase.ALLOW_MISSING) {
                return new JwtRequirementSettings(provider(any.get(0).getProviderName(), providers, field, listener), true);
            }
        }
        throw new InvalidResourceException(KIND, listener, field + " " + requirement.getRequiresTypeCase()
                + " (expected: provider_name, or requires_any of [provider_name, allow_missing])");
    }

    private static JwtProviderSettings provider(String name, Map<String, JwtProviderSettings> providers, String field,
                                                String listener) throws InvalidResourceException {
        JwtProviderSettings provider = providers.get(name);
        if (provider == null) {
            throw new InvalidResourceException(KIND, listener, field + ".provider_name '" + name
                    + "' (expected: one of the providers " + providers.keySet() + ")");
        }
        return provider;
    }

    private JwtProviderSettings provider(String name, JwtProvider provider, String field, String listener)
            throws InvalidResourceException {
        unsupported(provider, field, listener);
        Path file = null;
        URI uri = null;
        Duration refresh = DEFAULT_CACHE;
        if (provider.hasLocalJwks()) {
            if (provider.getLocalJwks().getSpecifierCase() != DataSource.SpecifierCase.FILENAME) {
                throw new InvalidResourceException(KIND, listener, field + ".local_jwks "
                        + provider.getLocalJwks().getSpecifierCase() + " (expected: filename)");
            }
            file = Path.of(provider.getLocalJwks().getFilename());
        } else if (provider.hasRemoteJwks()) {
            try {
                uri = new URI(provider.getRemoteJwks().getHttpUri().getUri());
            } catch (URISyntaxException e) {
                throw new InvalidResourceException(KIND, listener, field + ".remote_jwks.http_uri.uri '"
                        + provider.getRemoteJwks().getHttpUri().getUri() + "' (expected: an https:// URL)");
            }
            if (provider.getRemoteJwks().hasCacheDuration()) {
                refresh = ProtoFields.duration(provider.getRemoteJwks().getCacheDuration());
            }
        }
        Map<String, String> claims = new LinkedHashMap<>();
        provider.getClaimToHeadersList().forEach(claim -> claims.put(claim.getClaimName(), claim.getHeaderName()));
        try {
            return new JwtProviderSettings(name, provider.getIssuer(), provider.getAudiencesList(), file, uri, refresh,
                    claims, provider.getForward(), Duration.ofSeconds(provider.getClockSkewSeconds() == 0
                            ? 60 : provider.getClockSkewSeconds()));
        } catch (IllegalArgumentException e) {
            throw new InvalidResourceException(KIND, listener, field + " " + e.getMessage());
        }
    }

    /** Rejects the provider settings the gateway does not honour. */
    private static void unsupported(JwtProvider provider, String field, String listener) throws InvalidResourceException {
        for (JwtHeader header : provider.getFromHeadersList()) {
            if (!header.getName().equalsIgnoreCase("authorization") || !header.getValuePrefix().equals("Bearer ")) {
                throw new InvalidResourceException(KIND, listener, field + ".from_headers '" + header.getName()
                        + "' (expected: none, or Authorization with value_prefix 'Bearer ')");
            }
        }
        String other = provider.getFromParamsCount() > 0 ? "from_params"
                : provider.getFromCookiesCount() > 0 ? "from_cookies"
                : !provider.getForwardPayloadHeader().isEmpty() ? "forward_payload_header"
                : provider.hasSubjects() ? "subjects"
                : provider.hasMaxLifetime() ? "max_lifetime"
                : provider.getRequireExpiration() ? "require_expiration"
                : null;
        if (other != null) {
            throw new InvalidResourceException(KIND, listener, field + "." + other
                    + " is unsupported (expected: unset)");
        }
    }
}
