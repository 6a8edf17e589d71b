package io.banyan.sidecar.proxy;

import io.banyan.dataplane.config.Endpoint;
import io.banyan.sidecar.core.ErrorCause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * One line per request on logger {@code banyan.access}: method, authority, path, status, duration in ms,
 * upstream endpoint and the {@code x-banyan-error} cause, {@code -} where there is none. Tests override
 * {@link #log} to see what an exchange reports.
 */
class AccessLog {

    private final Logger log = LoggerFactory.getLogger("banyan.access");

    void log(String method, String authority, String path, int status, long durationNanos,
             Endpoint endpoint, ErrorCause cause) {
        if (log.isInfoEnabled()) {
            log.info("{} {} {} {} {}ms {} {}", method, authority == null || authority.isEmpty() ? "-" : authority,
                    path, status, TimeUnit.NANOSECONDS.toMillis(durationNanos),
                    endpoint == null ? "-" : endpoint.authority(), cause == null ? "-" : cause.token());
        }
    }
}
