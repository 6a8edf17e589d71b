package io.banyan.dataplane.xds;

import io.banyan.dataplane.config.HeaderMatcher;
import io.banyan.dataplane.config.PathTemplate;
import io.banyan.dataplane.config.QueryParameterMatcher;
import io.banyan.dataplane.config.RouteMatch;
import io.envoyproxy.envoy.extensions.path.match.uri_template.v3.UriTemplateMatchConfig;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A route's {@code match} to {@link RouteMatch}. Supported: {@code prefix}, {@code path}, {@code path_match_policy}
 * {@value PathTemplate#EXTENSION} ({@code UriTemplateMatchConfig.path_template}); {@code headers} with {@code string_match}
 * {@code exact} or {@code prefix}, or {@code present_match: true}, each maybe {@code invert_match};
 * {@code query_parameters} with {@code string_match.exact} or {@code present_match: true}. Anything else is refused
 * with the field and what is supported.
 */
final class RouteMatchTranslator {

    private RouteMatchTranslator() {
    }

    static RouteMatch translate(String name, String where, io.envoyproxy.envoy.config.route.v3.RouteMatch match)
            throws InvalidResourceException {
        if (match.hasCaseSensitive() && !match.getCaseSensitive().getValue()) {
            throw invalid(name, where + " match.case_sensitive false (expected: absent or true)");
        }
        if (match.hasRuntimeFraction() || match.hasGrpc() || match.hasTlsContext() || match.getDynamicMetadataCount() > 0
                || match.getFilterStateCount() > 0) {
            throw invalid(name, where + " match: runtime_fraction, grpc, tls_context, dynamic_metadata and filter_state"
                    + " are unsupported (expected: a path, headers and query_parameters)");
        }
        List<HeaderMatcher> headers = new ArrayList<>();
        for (int i = 0; i < match.getHeadersCount(); i++) {
            headers.add(header(name, where + " match.headers[" + i + "]", match.getHeaders(i)));
        }
        List<QueryParameterMatcher> query = new ArrayList<>();
        for (int i = 0; i < match.getQueryParametersCount(); i++) {
            query.add(queryParameter(name, where + " match.query_parameters[" + i + "]", match.getQueryParameters(i)));
        }
        try {
            return new RouteMatch(kind(name, where, match), path(name, where, match), headers, query);
        } catch (IllegalArgumentException e) {
            throw invalid(name, where + ": " + e.getMessage());
        }
    }

    private static RouteMatch.Kind kind(String name, String where, io.envoyproxy.envoy.config.route.v3.RouteMatch match)
            throws InvalidResourceException {
        return switch (match.getPathSpecifierCase()) {
            case PREFIX -> RouteMatch.Kind.PREFIX;
            case PATH -> RouteMatch.Kind.PATH;
            case PATH_MATCH_POLICY -> RouteMatch.Kind.TEMPLATE;
            default -> throw invalid(name, where + " match " + match.getPathSpecifierCase()
                    + " (expected: prefix, path or path_match_policy " + PathTemplate.EXTENSION + ")");
        };
    }

    private static String path(String name, String where, io.envoyproxy.envoy.config.route.v3.RouteMatch match)
            throws InvalidResourceException {
        switch (match.getPathSpecifierCase()) {
            case PREFIX:
                return match.getPrefix();
            case PATH:
                if (!match.getPath().startsWith("/")) {
                    throw invalid(name, where + " match.path '" + match.getPath() + "' (expected: starts with '/')");
                }
                return match.getPath();
            default:
                var policy = match.getPathMatchPolicy();
                if (!policy.getName().equals(PathTemplate.EXTENSION)) {
                    throw invalid(name, where + " match.path_match_policy.name '" + policy.getName()
                            + "' (expected: " + PathTemplate.EXTENSION + ")");
                }
                return ProtoFields.unpack(policy.getTypedConfig(), UriTemplateMatchConfig.class,
                        where + " match.path_match_policy.typed_config", RouteConfigTranslator.KIND, name)
                        .getPathTemplate();
        }
    }

    private static HeaderMatcher header(String name, String where, io.envoyproxy.envoy.config.route.v3.HeaderMatcher header)
            throws InvalidResourceException {
        String headerName = header.getName().toLowerCase(Locale.ROOT);
        if (header.getTreatMissingHeaderAsEmpty()) {
            throw invalid(name, where + " treat_missing_header_as_empty (expected: false)");
        }
        try {
            switch (header.getHeaderMatchSpecifierCase()) {
                case STRING_MATCH: {
                    StringMatcher string = stringMatch(name, where, header.getStringMatch());
                    HeaderMatcher.Kind kind = string.getMatchPatternCase() == StringMatcher.MatchPatternCase.EXACT
                            ? HeaderMatcher.Kind.EXACT : HeaderMatcher.Kind.PREFIX;
                    String value = kind == HeaderMatcher.Kind.EXACT ? string.getExact() : string.getPrefix();
                    return new HeaderMatcher(headerName, kind, value, header.getInvertMatch());
                }
                case PRESENT_MATCH:
                    if (!header.getPresentMatch()) {
                        throw invalid(name, where + " present_match false"
                                + " (expected: true; an absent header is present_match true with invert_match)");
                    }
                    return new HeaderMatcher(headerName, HeaderMatcher.Kind.PRESENT, "", header.getInvertMatch());
                default:
                    throw invalid(name, where + " " + header.getHeaderMatchSpecifierCase()
                            + " (expected: string_match exact or prefix, or present_match)");
            }
        } catch (IllegalArgumentException e) {
            throw invalid(name, where + ": " + e.getMessage());
        }
    }

    private static QueryParameterMatcher queryParameter(String name, String where,
                                                        io.envoyproxy.envoy.config.route.v3.QueryParameterMatcher query)
            throws InvalidResourceException {
        try {
            switch (query.getQueryParameterMatchSpecifierCase()) {
                case STRING_MATCH: {
                    StringMatcher string = stringMatch(name, where, query.getStringMatch());
                    if (string.getMatchPatternCase() != StringMatcher.MatchPatternCase.EXACT) {
                        throw invalid(name, where + " string_match " + string.getMatchPatternCase()
                                + " (expected: exact)");
                    }
                    return QueryParameterMatcher.exact(query.getName(), string.getExact());
                }
                case PRESENT_MATCH:
                    if (!query.getPresentMatch()) {
                        throw invalid(name, where + " present_match false (expected: true)");
                    }
                    return QueryParameterMatcher.present(query.getName());
                default:
                    throw invalid(name, where + " " + query.getQueryParameterMatchSpecifierCase()
                            + " (expected: string_match exact, or present_match)");
            }
        } catch (IllegalArgumentException e) {
            throw invalid(name, where + ": " + e.getMessage());
        }
    }

    private static StringMatcher stringMatch(String name, String where, StringMatcher string)
            throws InvalidResourceException {
        if (string.getIgnoreCase()) {
            throw invalid(name, where + " string_match.ignore_case true (expected: false)");
        }
        var pattern = string.getMatchPatternCase();
        if (pattern != StringMatcher.MatchPatternCase.EXACT && pattern != StringMatcher.MatchPatternCase.PREFIX) {
            throw invalid(name, where + " string_match " + pattern + " (expected: exact or prefix)");
        }
        return string;
    }

    private static InvalidResourceException invalid(String name, String detail) {
        return new InvalidResourceException(RouteConfigTranslator.KIND, name, detail);
    }
}
