package io.banyan.sidecar.accesslog;

import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AsyncAppenderBase;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import io.micrometer.core.instrument.Counter;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * logback's asynchronous appender that never blocks (its {@code neverBlock}) and counts what it drops, which logback
 * does silently: a gate admits a line only while fewer than {@code capacity} lines are queued or being written
 * (released once the sink has written it), so the queue behind it always has room and every line refused is counted.
 * Lines are written in order by logback's worker thread, never an event loop.
 */
final class CountingAsyncAppender extends AsyncAppenderBase<String> {

    private final AtomicInteger pending = new AtomicInteger();
    private final int capacity;
    private final Counter dropped;

    CountingAsyncAppender(Context context, int capacity, Counter dropped, Appender<String> sink) {
        this.capacity = capacity;
        this.dropped = dropped;
        setContext(context);
        setName("banyan-access-log");
        setQueueSize(capacity);
        setNeverBlock(true);
        setDiscardingThreshold(0);
        Releasing releasing = new Releasing(sink);
        releasing.setContext(context);
        releasing.start();
        addAppender(releasing);
    }

    @Override
    protected void append(String line) {
        if (pending.incrementAndGet() > capacity) {
            pending.decrementAndGet();
            dropped.increment();
            return;
        }
        super.append(line);
    }

    /** Writes to the sink on the worker thread, then lets one more line in. */
    private final class Releasing extends UnsynchronizedAppenderBase<String> {

        private final Appender<String> sink;

        Releasing(Appender<String> sink) {
            this.sink = sink;
            setName("banyan-access-log-release");
        }

        @Override
        protected void append(String line) {
            try {
                sink.doAppend(line);
            } finally {
                pending.decrementAndGet();
            }
        }

        @Override
        public void stop() {
            super.stop();
            sink.stop();
        }
    }
}
