package io.banyan.sidecar.resilience;

import io.banyan.dataplane.config.RetryBudgetSettings;
import io.banyan.dataplane.config.ThresholdSettings;
import io.banyan.sidecar.metrics.MetricNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryBudgetTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ResilienceMetrics metrics = new ResilienceMetrics(registry, "payments");

    private double exhausted() {
        return registry.get(MetricNames.RETRY_BUDGET_EXHAUSTED).tag("service", "payments").counter().count();
    }

    @Test
    void with100ActiveRequests_20RetriesAreAdmitted_the21stIsRefusedAndCounted() {
        RetryBudget budget = new RetryBudget(RetryBudgetSettings.DEFAULT, () -> 100, metrics);
        assertThat(budget.limit()).isEqualTo(20);
        for (int i = 0; i < 20; i++) {
            assertThat(budget.tryAcquire()).as("retry %d", i + 1).isTrue();
        }
        assertThat(budget.tryAcquire()).isFalse();
        assertThat(exhausted()).isEqualTo(1.0);
        budget.release();
        assertThat(budget.tryAcquire()).isTrue();
        assertThat(budget.active()).isEqualTo(20);
    }

    @Test
    void withFewActiveRequests_theFloorOf3RetriesStillApplies() {
        AtomicInteger active = new AtomicInteger(5);
        RetryBudget budget = new RetryBudget(RetryBudgetSettings.DEFAULT, active::get, metrics);
        assertThat(budget.tryAcquire()).isTrue();
        assertThat(budget.tryAcquire()).isTrue();
        assertThat(budget.tryAcquire()).isTrue();
        assertThat(budget.tryAcquire()).isFalse();
        active.set(30);
        assertThat(budget.limit()).isEqualTo(6);
        assertThat(budget.tryAcquire()).isTrue();
    }

    @Test
    void theBudgetCountsPendingAndActiveRequestsOfTheCluster_andDisabledFallsBackToMaxRetries() {
        ClusterThresholds thresholds = new ClusterThresholds(new ThresholdSettings(10, 10, 100, 1), metrics);
        for (int i = 0; i < 40; i++) {
            thresholds.tryAcquire(ClusterThresholds.Resource.REQUESTS);
        }
        for (int i = 0; i < 10; i++) {
            thresholds.tryAcquire(ClusterThresholds.Resource.PENDING_REQUESTS);
        }
        RetryBudget budget = (RetryBudget) RetryBudget.forCluster(RetryBudgetSettings.DEFAULT, thresholds, metrics);
        assertThat(budget.limit()).isEqualTo(10);
        RetryGate maxRetries = RetryBudget.forCluster(RetryBudgetSettings.disabled(), thresholds, metrics);
        assertThat(maxRetries.tryAcquire()).isTrue();
        assertThat(maxRetries.tryAcquire()).isFalse();
        maxRetries.release();
        assertThat(maxRetries.active()).isZero();
    }

    @Test
    void settingsAreValidated() {
        assertThatThrownBy(() -> new RetryBudgetSettings(true, 0, 3)).hasMessage("budgetPercent: 0.0 (expected: > 0 and <= 100)");
        assertThatThrownBy(() -> new RetryBudgetSettings(true, 20, -1)).hasMessage("minRetryConcurrency: -1 (expected: >= 0)");
    }
}
