package io.banyan.sidecar.proxy;

import io.banyan.sidecar.observe.ExchangeObservation;
import io.banyan.sidecar.observe.ExchangeObserver;
import io.banyan.sidecar.observe.ExchangeRecord;
import io.banyan.sidecar.observe.ExchangeStart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * One text line per request on logger {@code banyan.access}: method, authority, path, status, duration in ms,
 * upstream endpoint and the {@code x-banyan-error} cause, {@code -} where there is none.
 */
public final class AccessLog implements ExchangeObserver {

    private static final Logger log = LoggerFactory.getLogger("banyan.access");
    private static final ExchangeObservation LINE = AccessLog::log;

    @Override
    public ExchangeObservation begin(ExchangeStart start) {
        return log.isInfoEnabled() ? LINE : ExchangeObservation.NONE;
    }

    private static void log(ExchangeRecord record) {
        String authority = record.authority();
        log.info("{} {} {} {} {}ms {} {}", record.method(), authority == null || authority.isEmpty() ? "-" : authority,
                record.path(), record.status(), TimeUnit.NANOSECONDS.toMillis(record.durationNanos()),
                record.endpoint() == null ? "-" : record.endpoint().authority(),
                record.cause() == null ? "-" : record.cause().token());
    }
}
