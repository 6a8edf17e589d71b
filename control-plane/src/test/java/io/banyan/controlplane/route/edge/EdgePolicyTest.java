package io.banyan.controlplane.route.edge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.banyan.controlplane.registry.InvalidFieldException;
import io.banyan.primitives.json.JsonMappers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EdgePolicyTest {

    private static final String PLAINTEXT_KEY = "partner-b-secret-0123456789";
    private final ObjectMapper mapper = JsonMappers.withDurationText(JsonMappers.strict());

    private EdgePolicy read(String json) {
        try {
            return mapper.readValue(json, EdgePolicy.class);
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof InvalidFieldException invalid) {
                throw invalid;
            }
            throw new AssertionError(e);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everyFieldIsReadWithItsDefaults() {
        EdgePolicy policy = read("""
                {"auth": {"jwt": {"issuer": "https://id.example.com", "audiences": ["shop"],
                                  "jwksUri": "https://id.example.com/.well-known/jwks.json",
                                  "claimsToHeaders": {"sub": "x-user-id"}},
                          "apiKey": {"keys": [{"name": "partner-a", "sha256": "%s"}]}},
                 "rateLimit": {"key": "apiKey", "requestsPerSecond": 2.5},
                 "cors": {"allowOrigins": ["https://Shop.example.com", "*.example.com"], "maxAge": "1m"},
                 "maxRequestBytes": 1048576}
                """.formatted("a".repeat(64)));

        JwtAuth jwt = policy.auth().jwt();
        assertThat(jwt.required()).isTrue();
        assertThat(jwt.forwardToken()).isFalse();
        assertThat(jwt.jwksRefresh()).isEqualTo(Duration.ofMinutes(5));
        assertThat(jwt.claimsToHeaders()).containsExactly(Map.entry("sub", "x-user-id"));
        assertThat(policy.auth().apiKey().header()).isEqualTo("x-api-key");
        assertThat(policy.rateLimit().burst()).isEqualTo(3);
        assertThat(policy.cors().allowOrigins()).containsExactly("https://shop.example.com", "*.example.com");
        assertThat(policy.cors().allowMethods()).containsExactly("GET", "HEAD", "POST");
        assertThat(policy.cors().maxAge()).isEqualTo(Duration.ofMinutes(1));
        assertThat(policy.maxRequestBytes()).isEqualTo(1_048_576L);
    }

    @Test
    void aPlaintextKeyIsHashedAndNeverWrittenBack() throws IOException {
        EdgePolicy policy = read("""
                {"auth": {"apiKey": {"query": "api_key", "keys": [{"name": "partner-b", "key": "%s"}]}}}
                """.formatted(PLAINTEXT_KEY));

        assertThat(policy.auth().apiKey().keys())
                .containsExactly(new ApiKey("partner-b", ApiKey.hash(PLAINTEXT_KEY)));
        String written = mapper.writeValueAsString(policy);
        assertThat(written).doesNotContain(PLAINTEXT_KEY).contains(ApiKey.hash(PLAINTEXT_KEY)).contains("partner-b");
        assertThat(read(written)).isEqualTo(policy);
    }

    @Test
    void anEmptyObjectAsksNothing() {
        assertThat(read("{}")).isEqualTo(EdgePolicy.NONE);
        assertThat(EdgePolicy.NONE.isEmpty()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "{'maxRequestBytes': 0}|maxRequestBytes|maxRequestBytes: 0 (expected: 1..1073741824)",
            "{'auth': {}}|auth|auth: {} (expected: jwt, apiKey or both)",
            "{'auth': {'jwt': {'jwksFile': '/j.json'}}}|auth.jwt.issuer|auth.jwt.issuer: null (expected: a non-empty string",
            "{'auth': {'jwt': {'issuer': 'i'}}}|auth.jwt|auth.jwt: neither jwksFile and jwksUri (expected: exactly one)",
            "{'auth': {'jwt': {'issuer': 'i', 'jwksFile': 'j.json'}}}|auth.jwt.jwksFile|(expected: an absolute path)",
            "{'auth': {'jwt': {'issuer': 'i', 'jwksUri': 'http://id/jwks'}}}|auth.jwt.jwksUri|(expected: an https:// URL with a host)",
            "{'auth': {'jwt': {'issuer': 'i', 'jwksFile': '/j', 'jwksRefresh': '1s'}}}|auth.jwt.jwksRefresh|auth.jwt.jwksRefresh: 1s (expected: 30s..24h)",
            "{'auth': {'jwt': {'issuer': 'i', 'jwksFile': '/j', 'claimsToHeaders': {'sub': 'X-User'}}}}|auth.jwt.claimsToHeaders.sub|'X-User' (expected: a lower-case header name",
            "{'auth': {'jwt': {'issuer': 'i', 'jwksFile': '/j', 'claimsToHeaders': {'sub': 'x-banyan-peer-identity'}}}}|auth.jwt.claimsToHeaders.sub|(expected: a header other than x-banyan-*",
            "{'auth': {'apiKey': {'header': 'a', 'query': 'b', 'keys': []}}}|auth.apiKey|auth.apiKey: both header and query (expected: at most one)",
            "{'auth': {'apiKey': {'keys': []}}}|auth.apiKey.keys|auth.apiKey.keys: 0 keys (expected: 1..1000)",
            "{'auth': {'apiKey': {'keys': [{'name': 'a', 'key': 'short'}]}}}|auth.apiKey.keys[0].key|auth.apiKey.keys[0].key: 5 characters (expected: 16..256",
            "{'auth': {'apiKey': {'keys': [{'name': 'a'}]}}}|auth.apiKey.keys[0]|auth.apiKey.keys[0]: neither sha256 nor key (expected: exactly one)",
            "{'auth': {'apiKey': {'keys': [{'name': 'A b', 'sha256': 'x'}]}}}|auth.apiKey.keys[0].name|auth.apiKey.keys[0].name: 'A b' (expected: 1..63 lower-case",
            "{'auth': {'apiKey': {'keys': [{'name': 'a', 'sha256': 'ABC'}]}}}|auth.apiKey.keys[0].sha256|auth.apiKey.keys[0].sha256: 'ABC' (expected: 64 lower-case hex digits)",
            "{'auth': {'apiKey': {'keys': [{'name': 'a', 'key': '0123456789abcdef'}, {'name': 'a', 'key': '0123456789abcdeg'}]}}}|auth.apiKey.keys[1].name|auth.apiKey.keys[1].name: 'a' (expected: a unique name)",
            "{'auth': {'apiKey': {'keys': [{'name': 'a', 'key': '0123456789abcdef'}, {'name': 'b', 'key': '0123456789abcdef'}]}}}|auth.apiKey.keys[1]|(expected: a distinct key per name)",
            "{'rateLimit': {'key': 'clientIp', 'requestsPerSecond': 0}}|rateLimit.requestsPerSecond|rateLimit.requestsPerSecond: 0.0 (expected: 0.001..1000000)",
            "{'rateLimit': {'requestsPerSecond': 1}}|rateLimit.key|rateLimit.key: missing (expected: apiKey, jwtSubject or clientIp)",
            "{'rateLimit': {'key': 'clientIp', 'requestsPerSecond': 1, 'burst': 0}}|rateLimit.burst|rateLimit.burst: 0 (expected: 1..1000000000)",
            "{'rateLimit': {'key': 'apiKey', 'requestsPerSecond': 1}}|rateLimit.key|rateLimit.key: apiKey (expected: auth.apiKey on the same route)",
            "{'rateLimit': {'key': 'jwtSubject', 'requestsPerSecond': 1}}|rateLimit.key|rateLimit.key: jwtSubject (expected: auth.jwt on the same route)",
            "{'cors': {}}|cors.allowOrigins|cors.allowOrigins: [] (expected: at least one origin)",
            "{'cors': {'allowOrigins': ['https://a.com/path']}}|cors.allowOrigins[0]|cors.allowOrigins[0]: 'https://a.com/path' (expected: '*'",
            "{'cors': {'allowOrigins': ['*.com']}}|cors.allowOrigins[0]|cors.allowOrigins[0]: '*.com' (expected",
            "{'cors': {'allowOrigins': ['*'], 'allowCredentials': true}}|cors.allowCredentials|cors.allowCredentials: true with allowOrigins '*' (expected: named origins)",
            "{'cors': {'allowOrigins': ['*'], 'allowMethods': ['get']}}|cors.allowMethods[0]|cors.allowMethods[0]: 'get' (expected: an upper-case HTTP method",
            "{'cors': {'allowOrigins': ['*'], 'maxAge': '2d'}}|cors.maxAge|cors.maxAge: 48h (expected: whole seconds, 0s..24h)",
    })
    void badFieldsAreNamed(String json, String field, String message) {
        assertThatThrownBy(() -> read(json.replace('\'', '"')))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageContaining(message);
    }

    @Test
    void anOptionalJwtCannotKeyARateLimit() {
        JwtAuth optional = new JwtAuth("i", List.of(), "/jwks.json", null, null, null, false, null);

        assertThatThrownBy(() -> new EdgePolicy(new EdgeAuth(optional, null),
                new ClientRateLimit(ClientKey.JWT_SUBJECT, 1.0, null), null, null))
                .hasMessageContaining("rateLimit.key: jwtSubject (expected: auth.jwt.required true");
    }
}
