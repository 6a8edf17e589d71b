package io.banyan.dataplane.xds;

import io.banyan.dataplane.config.DirectResponse;
import io.banyan.dataplane.config.RedirectAction;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;

import java.nio.charset.StandardCharsets;

/**
 * The route actions the proxy answers itself. {@code redirect}: {@code scheme_redirect} or {@code https_redirect},
 * {@code host_redirect}, {@code port_redirect}, {@code path_redirect} or {@code prefix_rewrite} (not
 * {@code regex_rewrite}), {@code response_code}, {@code strip_query}. {@code direct_response}: {@code status} and a
 * {@code body} given inline ({@code inline_string} or {@code inline_bytes}), at most 4 KiB.
 */
final class LocalReplyTranslator {

    private LocalReplyTranslator() {
    }

    static RedirectAction redirect(String name, String where, io.envoyproxy.envoy.config.route.v3.RedirectAction redirect)
            throws InvalidResourceException {
        if (redirect.hasRegexRewrite()) {
            throw invalid(name, where + " redirect.regex_rewrite (expected: path_redirect or prefix_rewrite)");
        }
        String scheme = switch (redirect.getSchemeRewriteSpecifierCase()) {
            case HTTPS_REDIRECT -> redirect.getHttpsRedirect() ? "https" : null;
            case SCHEME_REDIRECT -> redirect.getSchemeRedirect();
            default -> null;
        };
        int status = switch (redirect.getResponseCode()) {
            case MOVED_PERMANENTLY -> 301;
            case FOUND -> 302;
            case SEE_OTHER -> 303;
            case TEMPORARY_REDIRECT -> 307;
            case PERMANENT_REDIRECT -> 308;
            default -> throw invalid(name, where + " redirect.response_code " + redirect.getResponseCodeValue()
                    + " (expected: MOVED_PERMANENTLY, FOUND, SEE_OTHER, TEMPORARY_REDIRECT or PERMANENT_REDIRECT)");
        };
        try {
            return new RedirectAction(scheme, emptyToNull(redirect.getHostRedirect()), redirect.getPortRedirect(),
                    redirect.hasPathRedirect() ? redirect.getPathRedirect() : null,
                    redirect.hasPrefixRewrite() ? redirect.getPrefixRewrite() : null, status, redirect.getStripQuery());
        } catch (IllegalArgumentException e) {
            throw invalid(name, where + ": " + e.getMessage());
        }
    }

    static DirectResponse directResponse(String name, String where, DirectResponseAction response)
            throws InvalidResourceException {
        String body = "";
        if (response.hasBody()) {
            DataSource source = response.getBody();
            body = switch (source.getSpecifierCase()) {
                case INLINE_STRING -> source.getInlineString();
                case INLINE_BYTES -> source.getInlineBytes().toString(StandardCharsets.UTF_8);
                case SPECIFIER_NOT_SET -> "";
                default -> throw invalid(name, where + " direct_response.body " + source.getSpecifierCase()
                        + " (expected: inline_string or inline_bytes)");
            };
        }
        try {
            return new DirectResponse(response.getStatus(), body);
        } catch (IllegalArgumentException e) {
            throw invalid(name, where + ": " + e.getMessage());
        }
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }

    private static InvalidResourceException invalid(String name, String detail) {
        return new InvalidResourceException(RouteConfigTranslator.KIND, name, detail);
    }
}
