package io.banyan.adminserver;

import java.util.concurrent.CompletableFuture;

/**
 * A route whose answer may come later (a long poll): {@link #defer} returns at once, and the connection is answered
 * when the future completes; no thread waits meanwhile. A future that fails with {@link ApiException} answers its
 * problem.
 */
@FunctionalInterface
public interface DeferredRouteHandler extends RouteHandler {

    CompletableFuture<AdminResponse> defer(AdminRequest request);

    /** The answer now, for callers that cannot wait: the deferred answer's current state is not waited for. */
    @Override
    default AdminResponse handle(AdminRequest request) {
        CompletableFuture<AdminResponse> answer = defer(request);
        if (!answer.isDone()) {
            answer.cancel(false);
            throw new ApiException(503, "unavailable", "Service unavailable",
                    "this route answers only on a connection that can wait", null);
        }
        return answer.join();
    }
}
