package io.banyan.dataplane.xds;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import com.google.protobuf.ByteString;
import io.banyan.dataplane.config.DirectResponse;
import io.banyan.dataplane.config.HeaderMatcher;
import io.banyan.dataplane.config.HeaderMutations;
import io.banyan.dataplane.config.HeaderValue;
import io.banyan.dataplane.config.QueryParameterMatcher;
import io.banyan.dataplane.config.RedirectAction;
import io.banyan.dataplane.config.RouteMatch;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption.HeaderAppendAction;
import io.envoyproxy.envoy.config.core.v3.TypedExtensionConfig;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.FilterAction;
import io.envoyproxy.envoy.config.route.v3.QueryParameterMatcher.Builder;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.path.match.uri_template.v3.UriTemplateMatchConfig;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatchAndSubstitute;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The route matching and actions of the Envoy mapping (header, method and query matchers, path templates, redirect,
 * direct response, prefix rewrite, header mutations): every accepted field translated, every refused one NACKed
 * naming the field and what is supported.
 */
class RouteMatchersAndActionsTranslationTest {

    private static final String WHERE = "route_config outbound: virtual_host 'orders' routes[0]";

    private final RouteConfigTranslator translator = new RouteConfigTranslator();

    private static io.envoyproxy.envoy.config.route.v3.RouteMatch.Builder prefix(String prefix) {
        return io.envoyproxy.envoy.config.route.v3.RouteMatch.newBuilder().setPrefix(prefix);
    }

    private static io.envoyproxy.envoy.config.route.v3.RouteMatch.Builder template(String template) {
        return io.envoyproxy.envoy.config.route.v3.RouteMatch.newBuilder().setPathMatchPolicy(
                TypedExtensionConfig.newBuilder().setName("envoy.path.match.uri_template")
                        .setTypedConfig(Any.pack(UriTemplateMatchConfig.newBuilder().setPathTemplate(template).build())));
    }

    private static io.envoyproxy.envoy.config.route.v3.HeaderMatcher.Builder header(String name) {
        return io.envoyproxy.envoy.config.route.v3.HeaderMatcher.newBuilder().setName(name);
    }

    private static StringMatcher exact(String value) {
        return StringMatcher.newBuilder().setExact(value).build();
    }

    private static Route.Builder forward(io.envoyproxy.envoy.config.route.v3.RouteMatch.Builder match) {
        return Route.newBuilder().setMatch(match).setRoute(RouteAction.newBuilder().setCluster("orders"));
    }

    private static RouteConfiguration withRoute(Route.Builder route) {
        return withHost(VirtualHost.newBuilder().addRoutes(route));
    }

    private static RouteConfiguration withHost(VirtualHost.Builder host) {
        return RouteConfiguration.newBuilder().setName("outbound")
                .addVirtualHosts(host.setName("orders").addAllDomains(List.of("orders")))
                .build();
    }

    private io.banyan.dataplane.config.Route translated(Route.Builder route) throws InvalidResourceException {
        return translator.translate(withRoute(route)).virtualHosts().get(0).routes().get(0);
    }

    private static HeaderValueOption add(String name, String value, HeaderAppendAction action) {
        return HeaderValueOption.newBuilder()
                .setHeader(io.envoyproxy.envoy.config.core.v3.HeaderValue.newBuilder().setKey(name).setValue(value))
                .setAppendAction(action).build();
    }

    @Test
    void translatesHeaderMethodAndQueryMatchersAndTheRouteName() throws Exception {
        var route = translated(forward(prefix("/orders")
                .addHeaders(header(":method").setStringMatch(exact("POST")))
                .addHeaders(header("X-Canary").setStringMatch(exact("1")))
                .addHeaders(header("x-user").setStringMatch(StringMatcher.newBuilder().setPrefix("a")))
                .addHeaders(header("x-debug").setPresentMatch(true))
                .addHeaders(header("x-legacy").setPresentMatch(true).setInvertMatch(true))
                .addQueryParameters(io.envoyproxy.envoy.config.route.v3.QueryParameterMatcher.newBuilder()
                        .setName("v").setStringMatch(exact("2")))
                .addQueryParameters(io.envoyproxy.envoy.config.route.v3.QueryParameterMatcher.newBuilder()
                        .setName("debug").setPresentMatch(true)))
                .setName("orders-canary"));

        assertThat(route.name()).isEqualTo("orders-canary");
        assertThat(route.match()).isEqualTo(RouteMatch.prefix("/orders")
                .withHeaders(HeaderMatcher.exact(":method", "POST"), HeaderMatcher.exact("x-canary", "1"),
                        HeaderMatcher.prefix("x-user", "a"), HeaderMatcher.present("x-debug"),
                        HeaderMatcher.absent("x-legacy"))
                .withQueryParameters(QueryParameterMatcher.exact("v", "2"), QueryParameterMatcher.present("debug")));
    }

    @Test
    void translatesAUriTemplate() throws Exception {
        assertThat(translated(forward(template("/orders/*/items"))).match())
                .isEqualTo(RouteMatch.template("/orders/*/items"));
        assertThat(translated(forward(template("/static/**"))).match()).isEqualTo(RouteMatch.template("/static/**"));
    }

    @Test
    void translatesARedirectWithEveryPart() throws Exception {
        var route = translated(Route.newBuilder().setMatch(prefix("/old"))
                .setRedirect(io.envoyproxy.envoy.config.route.v3.RedirectAction.newBuilder().setHttpsRedirect(true)
                        .setHostRedirect("new.example.com").setPortRedirect(8443).setPrefixRewrite("/new")
                        .setResponseCode(io.envoyproxy.envoy.config.route.v3.RedirectAction.RedirectResponseCode
                                .PERMANENT_REDIRECT)
                        .setStripQuery(true)));

        assertThat(route.kind()).isEqualTo(io.banyan.dataplane.config.Route.Kind.REDIRECT);
        assertThat(route.action()).isNull();
        assertThat(route.redirect())
                .isEqualTo(new RedirectAction("https", "new.example.com", 8443, null, "/new", 308, true));
        var plain = translated(Route.newBuilder().setMatch(prefix("/"))
                .setRedirect(io.envoyproxy.envoy.config.route.v3.RedirectAction.newBuilder().setSchemeRedirect("HTTP")
                        .setPathRedirect("/x")));
        assertThat(plain.redirect()).isEqualTo(new RedirectAction("http", null, 0, "/x", null, 301, false));
    }

    @Test
    void translatesDirectResponsesInlineOrWithoutBody() throws Exception {
        var gone = translated(Route.newBuilder().setMatch(prefix("/"))
                .setDirectResponse(DirectResponseAction.newBuilder().setStatus(410)
                        .setBody(DataSource.newBuilder().setInlineString("gone"))));
        var bytes = translated(Route.newBuilder().setMatch(prefix("/"))
                .setDirectResponse(DirectResponseAction.newBuilder().setStatus(200)
                        .setBody(DataSource.newBuilder().setInlineBytes(ByteString.copyFromUtf8("ok")))));
        var empty = translated(Route.newBuilder().setMatch(prefix("/"))
                .setDirectResponse(DirectResponseAction.newBuilder().setStatus(204)));

        assertThat(gone.directResponse()).isEqualTo(new DirectResponse(410, "gone"));
        assertThat(bytes.directResponse()).isEqualTo(new DirectResponse(200, "ok"));
        assertThat(empty.directResponse()).isEqualTo(new DirectResponse(204, ""));
        assertThat(gone.kind()).isEqualTo(io.banyan.dataplane.config.Route.Kind.DIRECT_RESPONSE);
    }

    @Test
    void translatesAPrefixRewriteOnPrefixAndPathRoutes() throws Exception {
        var route = translated(Route.newBuilder().setMatch(prefix("/api/orders"))
                .setRoute(RouteAction.newBuilder().setCluster("orders").setPrefixRewrite("/v2/orders")));
        var path = translated(Route.newBuilder()
                .setMatch(io.envoyproxy.envoy.config.route.v3.RouteMatch.newBuilder().setPath("/a"))
                .setRoute(RouteAction.newBuilder().setCluster("orders").setPrefixRewrite("/b")));

        assertThat(route.action().prefixRewrite()).isEqualTo("/v2/orders");
        assertThat(path.action().prefixRewrite()).isEqualTo("/b");
        assertThat(translated(forward(prefix("/"))).action().prefixRewrite()).isNull();
    }

    @Test
    void translatesHeaderMutationsOfRoutesAndVirtualHosts() throws Exception {
        Route.Builder route = forward(prefix("/"))
                .addRequestHeadersToAdd(add("x-a", "1", HeaderAppendAction.APPEND_IF_EXISTS_OR_ADD))
                .addRequestHeadersToAdd(add("X-B", "2", HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD))
                .addRequestHeadersToAdd(add("x-c", "3", HeaderAppendAction.ADD_IF_ABSENT))
                .addRequestHeadersToAdd(add("x-d", "4", HeaderAppendAction.OVERWRITE_IF_EXISTS))
                .addRequestHeadersToAdd(HeaderValueOption.newBuilder()
                        .setHeader(io.envoyproxy.envoy.config.core.v3.HeaderValue.newBuilder().setKey("x-e").setValue("50%%"))
                        .setAppend(BoolValue.of(false)))
                .addRequestHeadersToAdd(add("x-empty", "", HeaderAppendAction.APPEND_IF_EXISTS_OR_ADD))
                .addRequestHeadersToRemove("X-Internal")
                .addResponseHeadersToAdd(add("x-served-by", "banyan", HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD))
                .addResponseHeadersToRemove("server");
        var host = translator.translate(withHost(VirtualHost.newBuilder().addRoutes(route)
                .addRequestHeadersToAdd(add("x-host", "h", HeaderAppendAction.APPEND_IF_EXISTS_OR_ADD))
                .addResponseHeadersToRemove("x-powered-by"))).virtualHosts().get(0);

        var translated = host.routes().get(0);
        assertThat(translated.requestHeaders()).isEqualTo(new HeaderMutations(List.of("x-internal"), List.of(
                HeaderValue.append("x-a", "1"), HeaderValue.overwrite("x-b", "2"),
                new HeaderValue("x-c", "3", HeaderValue.Action.ADD_IF_ABSENT),
                new HeaderValue("x-d", "4", HeaderValue.Action.OVERWRITE_IF_EXISTS),
                HeaderValue.overwrite("x-e", "50%")))); // an empty value adds nothing, as in Envoy
        assertThat(translated.responseHeaders()).isEqualTo(new HeaderMutations(List.of("server"),
                List.of(HeaderValue.overwrite("x-served-by", "banyan"))));
        assertThat(host.requestHeaders()).isEqualTo(new HeaderMutations(List.of(), List.of(HeaderValue.append("x-host", "h"))));
        assertThat(host.responseHeaders()).isEqualTo(new HeaderMutations(List.of("x-powered-by"), List.of()));
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(forward(prefix("/").addHeaders(header("x").setSafeRegexMatch(RegexMatcher.newBuilder()
                        .setRegex("a.*")))), WHERE + " match.headers[0] SAFE_REGEX_MATCH (expected: string_match exact"
                        + " or prefix, or present_match)"),
                Arguments.of(forward(prefix("/").addHeaders(header("x").setStringMatch(StringMatcher.newBuilder()
                        .setSuffix("a")))), WHERE + " match.headers[0] string_match SUFFIX (expected: exact or prefix)"),
                Arguments.of(forward(prefix("/").addHeaders(header("x").setStringMatch(StringMatcher.newBuilder()
                        .setExact("a").setIgnoreCase(true)))), WHERE
                        + " match.headers[0] string_match.ignore_case true (expected: false)"),
                Arguments.of(forward(prefix("/").addHeaders(header("x").setPresentMatch(false))), WHERE
                        + " match.headers[0] present_match false (expected: true; an absent header is present_match"
                        + " true with invert_match)"),
                Arguments.of(forward(prefix("/").addHeaders(header("x").setPresentMatch(true)
                        .setTreatMissingHeaderAsEmpty(true))), WHERE
                        + " match.headers[0] treat_missing_header_as_empty (expected: false)"),
                Arguments.of(forward(prefix("/").addQueryParameters(query("v").setStringMatch(StringMatcher.newBuilder()
                        .setPrefix("1")))), WHERE + " match.query_parameters[0] string_match PREFIX (expected: exact)"),
                Arguments.of(forward(prefix("/").addQueryParameters(query("v").setPresentMatch(false))), WHERE
                        + " match.query_parameters[0] present_match false (expected: true)"),
                Arguments.of(forward(prefix("/").setCaseSensitive(BoolValue.of(false))), WHERE
                        + " match.case_sensitive false (expected: absent or true)"),
                Arguments.of(forward(io.envoyproxy.envoy.config.route.v3.RouteMatch.newBuilder().setPathMatchPolicy(
                        TypedExtensionConfig.newBuilder().setName("envoy.path.match.other"))), WHERE
                        + " match.path_match_policy.name 'envoy.path.match.other' (expected:"
                        + " envoy.path.match.uri_template)"),
                Arguments.of(forward(template("/a/**/b")), WHERE
                        + ": routeMatch.template: '/a/**/b' (expected: '**' only as the last segment)"),
                Arguments.of(forward(template("/orders/{id}")), WHERE + ": routeMatch.template: '/orders/{id}'"
                        + " (expected: segments that are literal, '*' or a final '**'; '{' is not allowed in a literal"
                        + " and variables are unsupported)"),
                Arguments.of(Route.newBuilder().setMatch(template("/orders/*")).setRoute(RouteAction.newBuilder()
                        .setCluster("orders").setPrefixRewrite("/v2")), WHERE
                        + ": route: prefix_rewrite with a path template (expected: a prefix or path match)"),
                Arguments.of(Route.newBuilder().setMatch(prefix("/")).setRoute(RouteAction.newBuilder()
                        .setCluster("orders").setRegexRewrite(RegexMatchAndSubstitute.getDefaultInstance())), WHERE
                        + " route.regex_rewrite/path_rewrite_policy (expected: prefix_rewrite)"),
                Arguments.of(Route.newBuilder().setMatch(prefix("/")).setRedirect(
                        io.envoyproxy.envoy.config.route.v3.RedirectAction.newBuilder()
                                .setRegexRewrite(RegexMatchAndSubstitute.getDefaultInstance())), WHERE
                        + " redirect.regex_rewrite (expected: path_redirect or prefix_rewrite)"),
                Arguments.of(Route.newBuilder().setMatch(prefix("/")).setRedirect(
                        io.envoyproxy.envoy.config.route.v3.RedirectAction.newBuilder().setSchemeRedirect("ftp")),
                        WHERE + ": redirect.scheme: 'ftp' (expected: http or https)"),
                Arguments.of(Route.newBuilder().setMatch(prefix("/")).setRedirect(
                        io.envoyproxy.envoy.config.route.v3.RedirectAction.newBuilder().setPortRedirect(70000)),
                        WHERE + ": redirect.port: 70000 (expected: 1..65535)"),
                Arguments.of(Route.newBuilder().setMatch(prefix("/")).setDirectResponse(DirectResponseAction.newBuilder()
                        .setStatus(200).setBody(DataSource.newBuilder().setInlineString("x".repeat(4097)))), WHERE
                        + ": directResponse.body: 4097 bytes (expected: <= 4096)"),
                Arguments.of(Route.newBuilder().setMatch(prefix("/")).setDirectResponse(DirectResponseAction.newBuilder()
                        .setStatus(200).setBody(DataSource.newBuilder().setFilename("/etc/passwd"))), WHERE
                        + " direct_response.body FILENAME (expected: inline_string or inline_bytes)"),
                Arguments.of(Route.newBuilder().setMatch(prefix("/")).setDirectResponse(DirectResponseAction.newBuilder()
                        .setStatus(600)), WHERE + ": directResponse.status: 600 (expected: 200..599)"),
                Arguments.of(Route.newBuilder().setMatch(prefix("/")).setDirectResponse(DirectResponseAction.newBuilder()
                        .setStatus(204).setBody(DataSource.newBuilder().setInlineString("x"))), WHERE
                        + ": directResponse.body: 1 bytes with status 204 (expected: no body with 204 or 304)"),
                Arguments.of(Route.newBuilder().setMatch(prefix("/")).setDirectResponse(DirectResponseAction.newBuilder()
                        .setStatus(304).setBody(DataSource.newBuilder().setInlineString("x"))), WHERE
                        + ": directResponse.body: 1 bytes with status 304 (expected: no body with 204 or 304)"),
                Arguments.of(Route.newBuilder().setMatch(prefix("/")).setFilterAction(FilterAction.getDefaultInstance()),
                        WHERE + " action FILTER_ACTION (expected: route, redirect or direct_response)"),
                Arguments.of(forward(prefix("/")).addRequestHeadersToAdd(add(":path", "/x",
                        HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD)), reserved("request_headers_to_add[0]: headerValue.name", ":path")),
                Arguments.of(forward(prefix("/")).addRequestHeadersToAdd(add("Host", "evil",
                        HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD)), reserved("request_headers_to_add[0]: headerValue.name", "host")),
                Arguments.of(forward(prefix("/")).addRequestHeadersToAdd(add("x-banyan-peer-identity", "spiffe://x",
                        HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD)),
                        reserved("request_headers_to_add[0]: headerValue.name", "x-banyan-peer-identity")),
                Arguments.of(forward(prefix("/")).addResponseHeadersToRemove("connection"),
                        reserved("response_headers_to_remove: headers_to_remove", "connection")),
                Arguments.of(forward(prefix("/")).addResponseHeadersToRemove("x-banyan-error"),
                        reserved("response_headers_to_remove: headers_to_remove", "x-banyan-error")),
                Arguments.of(forward(prefix("/")).addRequestHeadersToAdd(add("x-client", "%DOWNSTREAM_REMOTE_ADDRESS%",
                        HeaderAppendAction.APPEND_IF_EXISTS_OR_ADD)), WHERE + " request_headers_to_add[0] header.value"
                        + " '%DOWNSTREAM_REMOTE_ADDRESS%' (expected: a literal value; %VARIABLE% formatters are"
                        + " unsupported, %% is one %)"),
                Arguments.of(forward(prefix("/")).addRequestHeadersToAdd(add("x-a", "1\r\nx-injected: 1",
                        HeaderAppendAction.APPEND_IF_EXISTS_OR_ADD)), WHERE + " request_headers_to_add[0]:"
                        + " headerValue.value of x-a: U+000D at index 1 (expected: visible characters, spaces and tabs; no control"
                        + " characters)"),
                Arguments.of(forward(prefix("/")).addRequestHeadersToAdd(add("x-a", "1",
                        HeaderAppendAction.ADD_IF_ABSENT).toBuilder().setAppend(BoolValue.of(true))), WHERE
                        + " request_headers_to_add[0] append and append_action (expected: one of them)"));
    }

    private static Builder query(String name) {
        return io.envoyproxy.envoy.config.route.v3.QueryParameterMatcher.newBuilder().setName(name);
    }

    private static String reserved(String field, String name) {
        return WHERE + " " + field + ": '" + name
                + "' (expected: a header the mesh does not own; pseudo-headers, host, hop-by-hop and framing headers,"
                + " x-forwarded-client-cert and x-banyan-* cannot be set or removed)";
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refusesWhatTheDataPlaneDoesNotSupportNamingTheField(Route.Builder route, String message) {
        assertThatThrownBy(() -> translator.translate(withRoute(route))).isInstanceOf(InvalidResourceException.class)
                .hasMessage(message);
    }

    @Test
    void refusesHeaderMutationsOfTheWholeRouteConfiguration() {
        RouteConfiguration config = withRoute(forward(prefix("/"))).toBuilder()
                .addResponseHeadersToRemove("server").build();

        assertThatThrownBy(() -> translator.translate(config)).hasMessage("route_config outbound: request/response"
                + "_headers_to_add/remove of the route configuration (expected: on a virtual host or a route)");
    }
}
