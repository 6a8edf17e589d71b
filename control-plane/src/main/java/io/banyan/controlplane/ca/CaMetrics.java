package io.banyan.controlplane.ca;

import io.banyan.controlplane.metrics.MetricNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.security.cert.X509Certificate;
import java.util.function.Supplier;

/** The CA's counters (issued, refused by reason) and the expiry of its own and the serving certificate. */
public final class CaMetrics {

    private final MeterRegistry meters;

    public CaMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void issued() {
        meters.counter(MetricNames.CA_CERTIFICATES_ISSUED).increment();
    }

    void refused(String reason) {
        meters.counter(MetricNames.CA_REQUESTS_REFUSED, "reason", reason).increment();
    }

    /** Exposes the expiry (epoch seconds) of {@code certificate}, tagged {@code cert=<which>}. */
    public void expiry(String which, Supplier<X509Certificate> certificate) {
        Gauge.builder(MetricNames.CA_CERTIFICATE_EXPIRY, certificate,
                        c -> c.get().getNotAfter().toInstant().getEpochSecond())
                .tag("cert", which)
                .description("Expiry of the control plane's CA and serving certificates, epoch seconds")
                .strongReference(true) // the supplier is a lambda nobody else holds: a weak one reads NaN once collected
                .register(meters);
    }
}
