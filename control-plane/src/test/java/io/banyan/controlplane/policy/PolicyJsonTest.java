package io.banyan.controlplane.policy;

import io.banyan.controlplane.registry.InvalidFieldException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyJsonTest {

    private final PolicyJson json = new PolicyJson();

    private TrafficPolicy read(String text) {
        return json.read(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void emptyObjectIsTheDefaultPolicy() {
        TrafficPolicy policy = read("{}");

        assertThat(policy).isEqualTo(TrafficPolicy.DEFAULT);
        assertThat(policy.loadBalancing().policy()).isEqualTo(LbPolicy.ROUND_ROBIN);
        assertThat(policy.loadBalancing().panicThresholdPercent()).isEqualTo(50);
        assertThat(policy.timeouts().connect()).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.timeouts().request()).isEqualTo(Duration.ofSeconds(15));
        assertThat(policy.timeouts().perTry()).isNull();
        assertThat(policy.timeouts().idle()).isEqualTo(Duration.ofHours(1));
        assertThat(policy.retries().retryOn()).isEqualTo("connect-failure,refused-stream,reset");
        assertThat(policy.retries().numRetries()).isEqualTo(2);
        assertThat(policy.retries().backoffBase()).isEqualTo(Duration.ofMillis(25));
        assertThat(policy.retries().backoffMax()).isEqualTo(Duration.ofMillis(250));
        assertThat(policy.retries().budget()).isEqualTo(new RetryBudget(20.0, 3));
        assertThat(policy.circuitBreaking()).isEqualTo(new CircuitBreaking(1024, 1024, 1024, 1024, null));
        assertThat(policy.outlierDetection()).isNull();
        assertThat(policy.healthCheck()).isNull();
        assertThat(policy.rateLimit()).isNull();
    }

    @Test
    void fullPolicyRoundTripsThroughItsJson() {
        TrafficPolicy policy = read("""
                {"loadBalancing":{"policy":"ring_hash","hash":{"cookie":"sticky","cookieTtl":"1h"},
                  "zoneAware":true,"panicThresholdPercent":30},
                 "timeouts":{"connect":"250ms","request":"3s","perTry":"1.5s","idle":"0s"},
                 "retries":{"retryOn":"5xx,retriable-status-codes","numRetries":4,"backoffBase":"10ms",
                   "backoffMax":"1s","retriableStatusCodes":[409],"budget":{"percent":25.5,"minConcurrency":1}},
                 "circuitBreaking":{"maxConnections":10,"maxPendingRequests":0,"maxRequests":20,"maxRetries":2,
                   "endpoint":{"failureRateThreshold":40,"openDuration":"5s"}},
                 "outlierDetection":{"consecutive5xx":3,"consecutiveGatewayFailure":2,"interval":"2s"},
                 "healthCheck":{"path":"/healthz","interval":"5s"},
                 "rateLimit":{"maxTokens":100,"fillInterval":"2s"}}
                """);

        assertThat(policy.timeouts().perTry()).isEqualTo(Duration.ofMillis(1500));
        assertThat(policy.retries().retriableStatusCodes()).containsExactly(409);
        assertThat(policy.circuitBreaking().endpoint().minimumCalls()).isEqualTo(20);
        assertThat(policy.rateLimit().tokensPerFill()).isEqualTo(100);
        String written = new String(json.write(policy), StandardCharsets.UTF_8);
        assertThat(written).contains("\"connect\":\"250ms\"", "\"perTry\":\"1500ms\"", "\"policy\":\"ring_hash\"",
                "\"cookieTtl\":\"1h\"");
        assertThat(read(written)).isEqualTo(policy);
        assertThat(read(new String(json.write(TrafficPolicy.DEFAULT), StandardCharsets.UTF_8)))
                .isEqualTo(TrafficPolicy.DEFAULT);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            {"retries":{"numRetries":-1}}                         | retries.numRetries | retries.numRetries: -1 (expected: 0..10)
            {"retries":{"numRetries":11}}                         | retries.numRetries | (expected: 0..10)
            {"retries":{"numRetries":"2"}}                        | retries.numRetries | expected: an integer
            {"retries":{"numRetries":1.5}}                        | retries.numRetries | expected: an integer
            {"retries":{"retryOn":"5xx,sometimes"}}               | retries.retryOn | 'sometimes'
            {"retries":{"backoffBase":"1s","backoffMax":"10ms"}}  | retries.backoffMax | >= backoffBase
            {"retries":{"retriableStatusCodes":[503]}}            | retries.retriableStatusCodes | retriable-status-codes
            {"retries":{"retryOn":"retriable-status-codes","retriableStatusCodes":[99]}} | retries.retriableStatusCodes[0] | 99 (expected: 100..599)
            {"retries":{"budget":{"percent":101}}}                | retries.budget.percent | (expected: > 0 and <= 100)
            {"retries":{"budget":{"percent":0}}}                  | retries.budget.percent | 0.0 (expected: > 0 and <= 100)
            {"retries":{"budget":{"minConcurrency":-1}}}          | retries.budget.minConcurrency | -1
            {"retries":{"bogus":1}}                               | retries.bogus | unknown field
            {"bogus":1}                                           | bogus | unknown field
            {"loadBalancing":{"policy":"fastest"}}                | loadBalancing.policy | 'fastest' (expected: one of round_robin
            {"loadBalancing":{"hash":{"header":"x-user"}}}        | loadBalancing.hash | only with policy ring_hash or maglev
            {"loadBalancing":{"policy":"maglev","hash":{}}}       | loadBalancing.hash | 0 of header, cookie, sourceIp
            {"loadBalancing":{"policy":"maglev","hash":{"header":"a b"}}} | loadBalancing.hash.header | 'a b'
            {"loadBalancing":{"policy":"maglev","hash":{"header":"x","cookieTtl":"1s"}}} | loadBalancing.hash.cookieTtl | only with cookie
            {"loadBalancing":{"panicThresholdPercent":101}}       | loadBalancing.panicThresholdPercent | 101 (expected: 0..100)
            {"loadBalancing":{"zoneAware":"yes"}}                 | loadBalancing.zoneAware | true or false
            {"timeouts":{"connect":"0s"}}                         | timeouts.connect | timeouts.connect: 0s (expected: 1ms..5m)
            {"timeouts":{"request":"soon"}}                       | timeouts.request | 'soon' (expected: a duration
            {"timeouts":{"request":15}}                           | timeouts.request | expected: a duration
            {"timeouts":{"perTry":"0s"}}                          | timeouts.perTry | 0s
            {"timeouts":{"idle":"25h"}}                           | timeouts.idle | 25h
            {"circuitBreaking":{"maxConnections":0}}              | circuitBreaking.maxConnections | 0 (expected: 1..1000000)
            {"circuitBreaking":{"maxPendingRequests":-1}}         | circuitBreaking.maxPendingRequests | -1
            {"circuitBreaking":{"maxRequests":0}}                 | circuitBreaking.maxRequests | 0
            {"circuitBreaking":{"maxRetries":-1}}                 | circuitBreaking.maxRetries | -1
            {"circuitBreaking":{"endpoint":{"failureRateThreshold":0}}} | circuitBreaking.endpoint.failureRateThreshold | 0 (expected: 1..100)
            {"circuitBreaking":{"endpoint":{"openDuration":"0s"}}} | circuitBreaking.endpoint.openDuration | 0s
            {"outlierDetection":{"consecutive5xx":-1}}            | outlierDetection.consecutive5xx | -1
            {"outlierDetection":{"maxEjectionPercent":200}}       | outlierDetection.maxEjectionPercent | 200
            {"outlierDetection":{"interval":"0s"}}                | outlierDetection.interval | 0s
            {"outlierDetection":{"enforcingSuccessRate":101}}     | outlierDetection.enforcingSuccessRate | 101
            {"healthCheck":{}}                                    | healthCheck.path | missing
            {"healthCheck":{"path":"healthz"}}                    | healthCheck.path | 'healthz'
            {"healthCheck":{"path":"/h","unhealthyThreshold":0}}  | healthCheck.unhealthyThreshold | 0 (expected: 1..100)
            {"healthCheck":{"path":"/h","timeout":"0s"}}          | healthCheck.timeout | 0s
            {"rateLimit":{}}                                      | rateLimit.maxTokens | missing
            {"rateLimit":{"maxTokens":0}}                         | rateLimit.maxTokens | 0
            {"rateLimit":{"maxTokens":1,"fillInterval":"10ms"}}   | rateLimit.fillInterval | 10ms (expected: 50ms..1h)
            {"rateLimit":{"maxTokens":1,"tokensPerFill":0}}       | rateLimit.tokensPerFill | 0
            {"retries":[]}                                        | retries | wrong type
            {                                                     | body | malformed JSON
            """)
    void badFieldsAreNamedWithTheirPath(String body, String field, String message) {
        assertThatThrownBy(() -> read(body))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).startsWith(field + ":").contains(message);
                });
    }
}
