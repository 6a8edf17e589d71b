package io.banyan.sidecar.admin;

import io.banyan.adminserver.AdminRequest;
import io.banyan.adminserver.AdminResponse;
import io.banyan.adminserver.RouteHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code POST /drain}: starts the drain hook once, on the given executor (never the event loop), and answers 202. */
final class DrainEndpoint implements RouteHandler {

    private static final Logger log = LoggerFactory.getLogger(DrainEndpoint.class);

    private final Runnable hook;
    private final Executor executor;
    private final AtomicBoolean started = new AtomicBoolean();

    DrainEndpoint(Runnable hook, Executor executor) {
        this.hook = Objects.requireNonNull(hook, "hook");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    @Override
    public AdminResponse handle(AdminRequest request) {
        if (!started.compareAndSet(false, true)) {
            return AdminRoutes.text(202, "already draining");
        }
        try {
            executor.execute(this::runHook);
        } catch (RejectedExecutionException e) {
            started.set(false);
            return AdminRoutes.text(503, "cannot drain: shutting down");
        }
        return AdminRoutes.text(202, "draining");
    }

    private void runHook() {
        log.info("draining on request of POST /drain");
        try {
            hook.run();
        } catch (RuntimeException e) {
            log.error("drain hook failed", e);
        }
    }
}
