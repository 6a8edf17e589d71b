package io.banyan.controlplane.route;

import io.banyan.controlplane.registry.InvalidFieldException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The route JSON of the CONTRACT read strictly: each bad field is named by its JSON path, with what was expected. */
class RouteJsonTest {

    private final RouteJson json = new RouteJson();

    private ServiceRoutes service(String body) {
        return json.readService("orders", body.getBytes(StandardCharsets.UTF_8));
    }

    private GatewayRoutes gateway(String body) {
        return json.readGateway("edge", body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsEveryFieldOfTheContract() {
        ServiceRoutes routes = service("""
                {"routes": [
                  {"name": "orders-canary",
                   "match": {"path": {"prefix": "/orders"}, "methods": ["GET", "POST"],
                             "headers": [{"name": "X-Canary", "exact": "1"}, {"name": "x-debug", "absent": true}],
                             "query": [{"name": "v", "exact": "2"}, {"name": "debug", "present": true}]},
                   "to": [{"service": "orders", "weight": 10}, {"service": "monolith", "weight": 90}],
                   "rewrite": {"prefix": "/v2/orders"}, "timeout": "5s",
                   "retries": {"retryOn": "5xx", "numRetries": 3},
                   "mirror": {"service": "orders-v2", "percent": 0.5},
                   "headers": {"request": {"add": {"x-a": "1"}, "set": {"X-B": "2"}, "remove": ["x-c"]},
                               "response": {"remove": ["server"]}}},
                  {"match": {"path": {"template": "/old/*/items/**"}},
                   "redirect": {"scheme": "https", "host": "new.example.com", "port": 8443, "path": "/x"}},
                  {"directResponse": {"status": 410, "body": "gone"}}
                ]}""");

        assertThat(routes.service()).isEqualTo("orders");
        OperatorRoute canary = routes.routes().get(0);
        assertThat(canary.match().headers().get(0).name()).isEqualTo("x-canary");
        assertThat(canary.to()).containsExactly(new Destination("orders", 10), new Destination("monolith", 90));
        assertThat(canary.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(canary.retries().numRetries()).isEqualTo(3);
        assertThat(canary.mirror().perMillion()).isEqualTo(5000);
        assertThat(canary.headers().request().set()).containsEntry("x-b", "2");
        assertThat(routes.routes().get(1).name()).isEqualTo("route-1");
        assertThat(routes.routes().get(1).redirect().status()).isEqualTo(301);
        assertThat(routes.routes().get(2).directResponse().body()).isEqualTo("gone");
        assertThat(routes.warnings()).isEmpty();
        assertThat(service(new String(json.write(routes), StandardCharsets.UTF_8))).isEqualTo(routes);
    }

    @Test
    void oneDestinationMayOmitItsWeight() {
        ServiceRoutes routes = service("{\"routes\": [{\"to\": [{\"service\": \"orders-v2\"}]}]}");

        assertThat(routes.routes().get(0).to()).containsExactly(new Destination("orders-v2", 100));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"routes\": [{\"to\": [{\"service\": \"a\"}]}, {\"to\": [{\"service\": \"a\", \"weight\": 20}, {\"service\": \"b\", \"weight\": 120}]}]}"
                    + "|routes[1].to[1].weight|routes[1].to[1].weight: 120 (expected: weights summing to 100)",
            "{\"routes\": [{\"to\": [{\"service\": \"a\", \"weight\": 20}, {\"service\": \"b\", \"weight\": 70}]}]}"
                    + "|routes[0].to|routes[0].to: weights sum to 90 (expected: weights summing to 100)",
            "{\"routes\": [{\"to\": [{\"service\": \"a\", \"weight\": 20}, {\"service\": \"b\"}]}]}"
                    + "|routes[0].to[1].weight|routes[0].to[1].weight: missing",
            "{\"routes\": [{\"to\": [{\"service\": \"a\", \"weight\": 50}, {\"service\": \"a\", \"weight\": 50}]}]}"
                    + "|routes[0].to[1].service|routes[0].to[1].service: 'a' given twice",
            "{\"routes\": [{\"to\": [{\"service\": \"Orders\"}]}]}|routes[0].to[0].service|routes[0].to[0].service: 'Orders'",
            "{\"routes\": [{\"to\": []}]}|routes[0].to|routes[0].to: [] (expected: 1..16 destinations)",
            "{\"routes\": [{}]}|routes[0].to|routes[0].to: missing (expected: exactly one of to, redirect, directResponse)",
            "{\"routes\": [{\"to\": [{\"service\": \"a\"}], \"directResponse\": {\"status\": 200}}]}"
                    + "|routes[0].directResponse|routes[0].directResponse: given with to",
            "{\"routes\": [{\"to\": [{\"service\": \"a\"}], \"wat\": 1}]}|routes[0].wat|routes[0].wat: unknown field",
            "{\"routes\": [{\"to\": [{\"service\": \"a\"}], \"hosts\": [\"a.example.com\"]}]}"
                    + "|routes[0].hosts|routes[0].hosts: given on a service's route",
            "{\"routes\": [{\"match\": {\"path\": {\"template\": \"/a/**/b\"}}, \"to\": [{\"service\": \"a\"}]}]}"
                    + "|routes[0].match.path.template|routes[0].match.path.template: '/a/**/b' (expected: '**' only as the last segment)",
            "{\"routes\": [{\"match\": {\"path\": {\"template\": \"/a/x*\"}}, \"to\": [{\"service\": \"a\"}]}]}"
                    + "|routes[0].match.path.template|routes[0].match.path.template: '/a/x*' (expected: segments that are literal",
            "{\"routes\": [{\"match\": {\"path\": {\"template\": \"/a//b\"}}, \"to\": [{\"service\": \"a\"}]}]}"
                    + "|routes[0].match.path.template|routes[0].match.path.template: '/a//b' (expected: no empty segment ('//'))",
            "{\"routes\": [{\"match\": {\"path\": {\"template\": \"/a/x^y\"}}, \"to\": [{\"service\": \"a\"}]}]}"
                    + "|routes[0].match.path.template|routes[0].match.path.template: '/a/x^y' (expected: segments that are literal, '*' or a final '**'; '^' is not allowed",
            "{\"routes\": [{\"match\": {\"path\": {\"template\": \"/a/[x]\"}}, \"to\": [{\"service\": \"a\"}]}]}"
                    + "|routes[0].match.path.template|routes[0].match.path.template: '/a/[x]' (expected: segments that are literal, '*' or a final '**'; '[' is not allowed",
            "{\"routes\": [{\"match\": {\"path\": {\"prefix\": \"/a\", \"exact\": \"/b\"}}, \"to\": [{\"service\": \"a\"}]}]}"
                    + "|routes[0].match.path.prefix|routes[0].match.path.prefix: given with exact",
            "{\"routes\": [{\"match\": {\"path\": {\"exact\": \"orders\"}}, \"to\": [{\"service\": \"a\"}]}]}"
                    + "|routes[0].match.path.exact|routes[0].match.path.exact: 'orders' (expected: a path starting with '/')",
            "{\"routes\": [{\"match\": {\"methods\": [\"get\"]}, \"to\": [{\"service\": \"a\"}]}]}"
                    + "|routes[0].match.methods[0]|routes[0].match.methods[0]: 'get' (expected: an HTTP method in upper case",
            "{\"routes\": [{\"match\": {\"headers\": [{\"name\": \"x\", \"present\": false}]}, \"to\": [{\"service\": \"a\"}]}]}"
                    + "|routes[0].match.headers[0].present|routes[0].match.headers[0].present: false (expected: true",
            "{\"routes\": [{\"match\": {\"headers\": [{\"name\": \":path\", \"exact\": \"/\"}]}, \"to\": [{\"service\": \"a\"}]}]}"
                    + "|routes[0].match.headers[0].name|routes[0].match.headers[0].name: ':path' (expected: a header name",
            "{\"routes\": [{\"match\": {\"query\": [{\"name\": \"v\"}]}, \"to\": [{\"service\": \"a\"}]}]}"
                    + "|routes[0].match.query[0].exact|routes[0].match.query[0].exact: missing",
            "{\"routes\": [{\"redirect\": {\"status\": 301}}]}|routes[0].redirect.scheme|routes[0].redirect.scheme: missing (expected: at least one of",
            "{\"routes\": [{\"redirect\": {\"host\": \"a.b\", \"status\": 200}}]}|routes[0].redirect.status|routes[0].redirect.status: 200 (expected: one of 301",
            "{\"routes\": [{\"redirect\": {\"scheme\": \"ftp\"}}]}|routes[0].redirect.scheme|routes[0].redirect.scheme: 'ftp' (expected: http or https)",
            "{\"routes\": [{\"redirect\": {\"port\": 0}}]}|routes[0].redirect.port|routes[0].redirect.port: 0 (expected: 1..65535)",
            "{\"routes\": [{\"redirect\": {\"host\": \"a.b\"}, \"timeout\": \"1s\"}]}|routes[0].timeout|routes[0].timeout: given with redirect (expected: only with to)",
            "{\"routes\": [{\"directResponse\": {\"status\": 600}}]}|routes[0].directResponse.status|routes[0].directResponse.status: 600 (expected: 200..599)",
            "{\"routes\": [{\"directResponse\": {\"status\": 204, \"body\": \"x\"}}]}|routes[0].directResponse.body|routes[0].directResponse.body: 1 bytes with status 204 (expected: no body with 204 or 304)",
            "{\"routes\": [{\"directResponse\": {\"body\": \"x\"}}]}|routes[0].directResponse.status|routes[0].directResponse.status: null (expected: 200..599)",
            "{\"routes\": [{\"to\": [{\"service\": \"a\"}], \"timeout\": \"soon\"}]}|routes[0].timeout|routes[0].timeout: 'soon' (expected: a duration",
            "{\"routes\": [{\"to\": [{\"service\": \"a\"}], \"timeout\": \"25h\"}]}|routes[0].timeout|routes[0].timeout: 25h (expected: 0s..24h",
            "{\"routes\": [{\"to\": [{\"service\": \"a\"}], \"retries\": {\"numRetries\": 11}}]}|routes[0].retries.numRetries|routes[0].retries.numRetries: 11 (expected: 0..10)",
            "{\"routes\": [{\"to\": [{\"service\": \"a\"}], \"mirror\": {\"service\": \"b\", \"percent\": 0}}]}|routes[0].mirror.percent|routes[0].mirror.percent: 0.0 (expected: > 0 and <= 100",
            "{\"routes\": [{\"to\": [{\"service\": \"a\"}], \"mirror\": {\"service\": \"b\", \"percent\": 101}}]}|routes[0].mirror.percent|routes[0].mirror.percent: 101.0 (expected: > 0 and <= 100",
            "{\"routes\": [{\"match\": {\"path\": {\"template\": \"/a/*\"}}, \"to\": [{\"service\": \"a\"}], \"rewrite\": {\"prefix\": \"/b\"}}]}"
                    + "|routes[0].rewrite.prefix|routes[0].rewrite.prefix: given with match.path.template",
            "{\"routes\": [{\"to\": [{\"service\": \"a\"}], \"headers\": {\"request\": {\"set\": {\"host\": \"x\"}}}}]}"
                    + "|routes[0].headers.request.set|routes[0].headers.request.set: 'host' (expected: a header the mesh does not own",
            "{\"routes\": [{\"to\": [{\"service\": \"a\"}], \"headers\": {\"response\": {\"add\": {\"X-Banyan-Error\": \"x\"}}}}]}"
                    + "|routes[0].headers.response.add|routes[0].headers.response.add: 'x-banyan-error' (expected: a header the mesh does not own",
            "{\"routes\": [{\"to\": [{\"service\": \"a\"}], \"headers\": {\"request\": {\"add\": {\"x-a\": \"\u20ac\"}}}}]}"
                    + "|routes[0].headers.request.add.x-a|routes[0].headers.request.add.x-a: U+20AC at index 0 (expected: visible characters",
            "{\"routes\": [{\"to\": [{\"service\": \"a\"}], \"headers\": {\"request\": {\"add\": {\"x-a\": \"1\"}, \"remove\": [\"X-A\"]}}}]}"
                    + "|routes[0].headers.request.remove[0]|routes[0].headers.request.remove[0]: 'x-a' given twice",
            "{\"routes\": [{\"name\": \"a\", \"to\": [{\"service\": \"a\"}]}, {\"name\": \"a\", \"to\": [{\"service\": \"a\"}]}]}"
                    + "|routes[1].name|routes[1].name: 'a' (expected: a name no other route has; routes[0] has it)",
            "{\"routes\": [{\"name\": \"Not OK\", \"to\": [{\"service\": \"a\"}]}]}|routes[0].name|routes[0].name: 'Not OK' (expected: a DNS label",
            "{\"service\": \"billing\", \"routes\": []}|service|service: '\"billing\"' (expected: 'orders', the service in the path",
            "{}|routes|routes: missing (expected: an array of routes)",
            "[]|body|body: array (expected: a JSON object)",
    })
    void namesTheBadField(String body, String field, String message) {
        assertThatThrownBy(() -> service(body))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).startsWith(message);
                });
    }

    @Test
    void boundsWhatAClientCanStore() {
        String route = "{\"to\": [{\"service\": \"a\"}]}";
        String tooMany = "{\"routes\": [" + String.join(",", java.util.Collections.nCopies(257, route)) + "]}";
        assertThatThrownBy(() -> service(tooMany)).hasMessage("routes: 257 entries (expected: at most 256)");
        String body = "x".repeat(4097);
        assertThatThrownBy(() -> service("{\"routes\": [{\"directResponse\": {\"status\": 200, \"body\": \"" + body
                + "\"}}]}")).hasMessage("routes[0].directResponse.body: 4097 bytes (expected: <= 4096)");
        String value = "v".repeat(1025);
        assertThatThrownBy(() -> service("{\"routes\": [{\"match\": {\"headers\": [{\"name\": \"x\", \"exact\": \""
                + value + "\"}]}, \"to\": [{\"service\": \"a\"}]}]}"))
                .hasMessageStartingWith("routes[0].match.headers[0].exact: '" + "v".repeat(64) + "...' (expected: at"
                        + " most 1024 bytes)");
        String header = "{\"name\": \"x\", \"present\": true}";
        assertThatThrownBy(() -> service("{\"routes\": [{\"match\": {\"headers\": ["
                + String.join(",", java.util.Collections.nCopies(17, header)) + "]}, \"to\": [{\"service\": \"a\"}]}]}"))
                .hasMessage("routes[0].match.headers: 17 entries (expected: at most 16)");
        assertThatThrownBy(() -> service("{\"routes\": [{\"name\": \"" + "a".repeat(64)
                + "\", \"to\": [{\"service\": \"a\"}]}]}")).hasMessageStartingWith("routes[0].name: ");
    }

    @Test
    void anEmptyHeaderValueIsWrittenBackSoItSurvivesStorage() {
        ServiceRoutes routes = service("""
                {"routes": [{"to": [{"service": "a"}], "headers": {"request": {"add": {"x-empty": ""}}}}]}""");

        ServiceRoutes read = json.readService("orders", json.write(routes));

        assertThat(read.routes().get(0).headers().request().add()).containsExactly(Map.entry("x-empty", ""));
    }

    @Test
    void aTemplateTheSidecarsAcceptIsAccepted() {
        ServiceRoutes routes = service("""
                {"routes": [{"match": {"path": {"template": "/orders/"}}, "to": [{"service": "a"}]}]}""");

        assertThat(routes.routes().get(0).match().path().template()).isEqualTo("/orders/");
    }

    @Test
    void warnsOfRoutesAfterACatchAll() {
        ServiceRoutes routes = service("""
                {"routes": [
                  {"name": "y", "match": {"path": {"prefix": "/a"}}, "to": [{"service": "a"}]},
                  {"name": "all", "match": {"path": {"prefix": "/"}}, "to": [{"service": "b"}]},
                  {"name": "x", "match": {"path": {"prefix": "/c"}}, "to": [{"service": "c"}]},
                  {"to": [{"service": "c"}]}
                ]}""");

        assertThat(routes.warnings()).containsExactly(
                "routes[2] 'x': can never match: routes[1] 'all' matches everything before it",
                "routes[3] 'route-3': can never match: routes[1] 'all' matches everything before it");
    }

    @Test
    void aCatchAllOnAWildcardHostHidesLaterRoutesOnTheHostsItCovers() {
        GatewayRoutes routes = gateway("""
                {"gateway": "edge", "routes": [
                  {"name": "wild-all", "hosts": ["*.example.com"], "to": [{"service": "web"}]},
                  {"name": "a-api", "hosts": ["a.example.com"], "match": {"path": {"prefix": "/api"}},
                   "to": [{"service": "api"}]},
                  {"name": "bare", "hosts": ["example.com"], "to": [{"service": "api"}]}
                ]}""");

        assertThat(routes.warnings()).containsExactly(
                "routes[1] 'a-api': can never match: routes[0] 'wild-all' matches everything before it");
    }

    @Test
    void gatewayRoutesHaveHostsAndWarnPerHost() {
        GatewayRoutes routes = gateway("""
                {"gateway": "edge", "routes": [
                  {"name": "shop-all", "hosts": ["Shop.Example.com"], "to": [{"service": "shop"}]},
                  {"name": "api", "hosts": ["*.example.com"], "match": {"path": {"prefix": "/api"}},
                   "to": [{"service": "api"}]},
                  {"name": "shop-api", "hosts": ["shop.example.com"], "to": [{"service": "api"}]}
                ]}""");

        assertThat(routes.routes().get(0).hosts()).containsExactly("shop.example.com");
        assertThat(routes.warnings()).containsExactly(
                "routes[2] 'shop-api': can never match: routes[0] 'shop-all' matches everything before it");
        assertThatThrownBy(() -> gateway("{\"routes\": [{\"hosts\": [\"bad host\"], \"to\": [{\"service\": \"a\"}]}]}"))
                .hasMessageStartingWith("routes[0].hosts[0]: 'bad host' (expected: a host name like");
        assertThatThrownBy(() -> gateway("{\"routes\": [{\"hosts\": [], \"to\": [{\"service\": \"a\"}]}]}"))
                .hasMessageStartingWith("routes[0].hosts: [] (expected:");
        assertThatThrownBy(() -> gateway("{\"routes\": [{\"auth\": {}, \"to\": [{\"service\": \"a\"}]}]}"))
                .hasMessage("routes[0].auth: {} (expected: jwt, apiKey or both)");
        assertThat(List.of(routes.gateway())).containsExactly("edge");
    }
}
