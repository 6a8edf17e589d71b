package io.banyan.controlplane.xds.lrs;

import io.banyan.controlplane.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;

/** The load-reporting service's meters: reports received, parts ignored by reason, streams open and refused. */
final class LoadReportMetrics {

    private final Counter reports;
    private final Map<ReportRejection, Counter> rejected = new EnumMap<>(ReportRejection.class);
    private final Map<Refusal, Counter> refused = new EnumMap<>(Refusal.class);

    LoadReportMetrics(MeterRegistry registry, IntSupplier openStreams) {
        reports = Counter.builder(MetricNames.LOAD_REPORTS)
                .description("Load reports (LoadStatsRequests carrying stats) received from the data planes")
                .register(registry);
        for (ReportRejection reason : ReportRejection.values()) {
            rejected.put(reason, Counter.builder(MetricNames.LOAD_REPORTS_REJECTED)
                    .description("Parts of load reports ignored")
                    .tag("reason", reason.tag())
                    .register(registry));
        }
        for (Refusal reason : Refusal.values()) {
            refused.put(reason, Counter.builder(MetricNames.LOAD_STREAMS_REFUSED)
                    .description("Load-reporting streams refused")
                    .tag("reason", reason.tag())
                    .register(registry));
        }
        Gauge.builder(MetricNames.LOAD_STREAMS, openStreams::getAsInt)
                .description("Open load-reporting streams")
                .register(registry);
    }

    void report() {
        reports.increment();
    }

    void rejected(ReportRejection reason) {
        rejected.get(reason).increment();
    }

    void refused(Refusal reason) {
        refused.get(reason).increment();
    }

    /** Why a load-reporting stream was closed before its reports were read. */
    enum Refusal {
        /** The first request carried no node (or one without an id). */
        NO_NODE,
        /** The node claims a service its certificate does not prove. */
        PERMISSION_DENIED,
        /** As many streams as allowed are open. */
        STREAM_LIMIT;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
