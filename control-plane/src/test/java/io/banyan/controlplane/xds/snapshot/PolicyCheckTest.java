package io.banyan.controlplane.xds.snapshot;

import io.banyan.controlplane.policy.LbPolicy;
import io.banyan.controlplane.policy.PolicyJson;
import io.banyan.controlplane.policy.Retries;
import io.banyan.controlplane.policy.TrafficPolicy;
import io.banyan.controlplane.registry.InvalidFieldException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * "One validation": every traffic policy value the control plane accepts decodes in the sidecars' translators.
 * Each retry condition, load-balancing algorithm and hash kind is tried, and each numeric field and duration at
 * both ends of the range the control plane's own message states, so the test follows the rules as they change and
 * fails the day the control plane accepts something the sidecars refuse.
 */
class PolicyCheckTest {

    private static final PolicyJson JSON = new PolicyJson();
    private static final Pattern RANGE = Pattern.compile("\\(expected: ([^()]+?)\\.\\.([^()]+)\\)");
    private final PolicyCheck check = Checks.policy();

    /** A JSON path's field, set to {@code %s}, within the sections it needs to be valid at all. */
    private static final List<String> BOUNDED_FIELDS = List.of(
            "{\"retries\":{\"numRetries\":%s}}",
            "{\"retries\":{\"backoffBase\":\"%s\",\"backoffMax\":\"10m\"}}",
            "{\"retries\":{\"backoffBase\":\"1ms\",\"backoffMax\":\"%s\"}}",
            "{\"retries\":{\"retryOn\":\"retriable-status-codes\",\"retriableStatusCodes\":[%s]}}",
            "{\"retries\":{\"budget\":{\"minConcurrency\":%s}}}",
            "{\"loadBalancing\":{\"panicThresholdPercent\":%s}}",
            "{\"loadBalancing\":{\"policy\":\"ring_hash\",\"hash\":{\"cookie\":\"s\",\"cookieTtl\":\"%s\"}}}",
            "{\"timeouts\":{\"connect\":\"%s\"}}",
            "{\"timeouts\":{\"request\":\"%s\"}}",
            "{\"timeouts\":{\"perTry\":\"%s\"}}",
            "{\"timeouts\":{\"idle\":\"%s\"}}",
            "{\"circuitBreaking\":{\"maxConnections\":%s}}",
            "{\"circuitBreaking\":{\"maxPendingRequests\":%s}}",
            "{\"circuitBreaking\":{\"maxRequests\":%s}}",
            "{\"circuitBreaking\":{\"maxRetries\":%s}}",
            "{\"circuitBreaking\":{\"endpoint\":{\"failureRateThreshold\":%s}}}",
            "{\"circuitBreaking\":{\"endpoint\":{\"slowCallRateThreshold\":%s}}}",
            "{\"circuitBreaking\":{\"endpoint\":{\"slowCallDuration\":\"%s\"}}}",
            "{\"circuitBreaking\":{\"endpoint\":{\"minimumCalls\":%s}}}",
            "{\"circuitBreaking\":{\"endpoint\":{\"openDuration\":\"%s\"}}}",
            "{\"circuitBreaking\":{\"endpoint\":{\"halfOpenCalls\":%s}}}",
            "{\"outlierDetection\":{\"consecutive5xx\":%s}}",
            "{\"outlierDetection\":{\"consecutiveGatewayFailure\":%s}}",
            "{\"outlierDetection\":{\"interval\":\"%s\"}}",
            "{\"outlierDetection\":{\"baseEjectionTime\":\"%s\"}}",
            "{\"outlierDetection\":{\"maxEjectionPercent\":%s}}",
            "{\"outlierDetection\":{\"successRateMinimumHosts\":%s}}",
            "{\"outlierDetection\":{\"successRateRequestVolume\":%s}}",
            "{\"outlierDetection\":{\"successRateStdevFactor\":%s}}",
            "{\"outlierDetection\":{\"enforcingSuccessRate\":%s}}",
            "{\"healthCheck\":{\"path\":\"/h\",\"interval\":\"%s\"}}",
            "{\"healthCheck\":{\"path\":\"/h\",\"timeout\":\"%s\"}}",
            "{\"healthCheck\":{\"path\":\"/h\",\"healthyThreshold\":%s}}",
            "{\"healthCheck\":{\"path\":\"/h\",\"unhealthyThreshold\":%s}}",
            "{\"rateLimit\":{\"maxTokens\":%s}}",
            "{\"rateLimit\":{\"maxTokens\":1000000000,\"tokensPerFill\":%s}}",
            "{\"rateLimit\":{\"maxTokens\":5,\"fillInterval\":\"%s\"}}");

    /** Fields whose range is open at one end, at values just inside it. */
    private static final List<String> OPEN_RANGES = List.of(
            "{\"retries\":{\"budget\":{\"percent\":0.001}}}",
            "{\"retries\":{\"budget\":{\"percent\":100}}}");

    static Stream<String> everyRetryCondition() {
        return Retries.CONDITIONS.stream().map(condition -> condition.equals("retriable-status-codes")
                ? "{\"retries\":{\"retryOn\":\"" + condition + "\",\"retriableStatusCodes\":[503]}}"
                : "{\"retries\":{\"retryOn\":\"" + condition + "\"}}");
    }

    static Stream<String> everyLoadBalancerAndHash() {
        List<String> policies = new ArrayList<>();
        for (LbPolicy lb : LbPolicy.values()) {
            if (!lb.hashing()) {
                policies.add("{\"loadBalancing\":{\"policy\":\"" + lb.wireName() + "\",\"zoneAware\":true}}");
                continue;
            }
            for (String hash : List.of("{\"header\":\"x-user\"}", "{\"cookie\":\"session\"}",
                    "{\"cookie\":\"session\",\"cookieTtl\":\"1h\"}", "{\"sourceIp\":true}")) {
                policies.add("{\"loadBalancing\":{\"policy\":\"" + lb.wireName() + "\",\"hash\":" + hash + "}}");
            }
        }
        return policies.stream();
    }

    /** Each bounded field at the lower and the upper end of the range the control plane states. */
    static Stream<String> everyFieldAtBothEnds() {
        List<String> policies = new ArrayList<>();
        for (String field : BOUNDED_FIELDS) {
            boolean duration = field.contains("\"%s\"");
            String[] range = statedRange(field, duration ? "100000h" : "2000000000");
            policies.add(field.formatted(range[0]));
            policies.add(field.formatted(range[1]));
        }
        policies.addAll(OPEN_RANGES);
        return policies.stream();
    }

    /** The {@code (expected: min..max)} of the control plane's refusal of an out-of-range value. */
    private static String[] statedRange(String field, String outOfRange) {
        try {
            JSON.read(field.formatted(outOfRange).getBytes(StandardCharsets.UTF_8));
        } catch (InvalidFieldException e) {
            Matcher range = RANGE.matcher(e.getMessage());
            if (range.find()) {
                return new String[] {range.group(1).trim(), range.group(2).trim()};
            }
            throw new AssertionError(field + ": no stated range in '" + e.getMessage() + "'", e);
        }
        throw new AssertionError(field + ": " + outOfRange + " was accepted (expected: a bounded field)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"everyRetryCondition", "everyLoadBalancerAndHash", "everyFieldAtBothEnds"})
    void everyAcceptedPolicyDecodesInTheSidecars(String json) {
        TrafficPolicy policy = JSON.read(json.getBytes(StandardCharsets.UTF_8));

        assertThat(check.errors("orders", policy)).as(json).isEmpty();
    }

    @Test
    void theRangesAreReadFromTheControlPlanesOwnMessages() {
        assertThat(everyFieldAtBothEnds()).contains("{\"retries\":{\"numRetries\":0}}",
                "{\"retries\":{\"numRetries\":10}}");
    }

    @Test
    void theRetryConditionsAreTheSidecarsOwnList() {
        assertThat(Retries.CONDITIONS).containsExactlyElementsOf(Arrays.stream(
                io.banyan.dataplane.config.RetryOn.values()).map(io.banyan.dataplane.config.RetryOn::token).toList());
        assertThatThrownBy(() -> JSON.read("{\"retries\":{\"retryOn\":\"retriable-headers\"}}"
                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidFieldException.class)
                .hasMessageStartingWith("retries.retryOn: 'retriable-headers' (expected: a comma-separated list of 5xx,")
                .hasMessageEndingWith(", as the sidecars accept)");
    }

    @Test
    void aTranslatorsMessageIsMappedToThePolicySectionThatWroteIt() {
        assertThat(PolicyCheck.sectionOf("route_config outbound: virtual_host 'orders' routes[0] retry_policy.retryOn: 'x'"))
                .isEqualTo("retries");
        assertThat(PolicyCheck.sectionOf("route_config upstream|orders: hash_policy[0] FILTER_STATE is unsupported"))
                .isEqualTo("loadBalancing.hash");
        assertThat(PolicyCheck.sectionOf("cluster orders: outlier_detection.interval: 0s")).isEqualTo("outlierDetection");
        assertThat(PolicyCheck.sectionOf("listener x: something else")).isEqualTo("body");
    }
}
