package io.banyan.sidecar.accesslog;

import io.banyan.sidecar.metrics.MetricNames;
import io.banyan.sidecar.observe.ExchangeObservation;
import io.banyan.sidecar.observe.ExchangeObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Objects;

/**
 * One line per HTTP exchange, as its {@code ExchangeRecord} says it ended: formatted on the event loop into a String
 * of bounded length (as Envoy formats on its workers: what waits in the queue is small and immutable), then offered to
 * the writer's queue, which never blocks; a line that finds the queue full is dropped and counted in
 * {@code banyan_access_log_dropped_total}. {@code off} watches nothing.
 */
public final class AccessLog implements ExchangeObserver.Startless, AutoCloseable {

    private final LineWriter writer;
    private final ExchangeObservation line;

    private AccessLog(AccessLogFormat format, LineWriter writer) {
        this.writer = writer;
        this.line = writer == null ? ExchangeObservation.NONE : record -> writer.write(format.line(record));
    }

    /**
     * The access log of {@code settings}, its drop counter registered in {@code meters} (also when off, so the metric
     * is always exported); a file that cannot be written is an IllegalArgumentException naming it.
     */
    public static AccessLog open(AccessLogSettings settings, MeterRegistry meters) {
        Objects.requireNonNull(settings, "settings");
        Counter dropped = Counter.builder(MetricNames.ACCESS_LOG_DROPPED)
                .description("Access log lines dropped because the writer's queue was full")
                .register(meters);
        if (settings.destination() == AccessLogSettings.Destination.OFF) {
            return new AccessLog(settings.format(), null);
        }
        return new AccessLog(settings.format(), LineWriter.open(settings, dropped));
    }

    @Override
    public ExchangeObservation everyExchange() {
        return line;
    }

    /** The observer to give the data plane: this log, or {@link ExchangeObserver#NONE} when it is off. */
    public ExchangeObserver observer() {
        return writer == null ? ExchangeObserver.NONE : this;
    }

    /** Writes what is still queued (at most a second) and closes the file. */
    @Override
    public void close() {
        if (writer != null) {
            writer.close();
        }
    }
}
