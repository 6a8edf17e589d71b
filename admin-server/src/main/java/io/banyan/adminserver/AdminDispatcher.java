package io.banyan.adminserver;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Plain-Java request handling: admission (the process's {@link AdminGate}, then known methods), routing, handler
 * call, errors to problem+json, request metrics. {@link #admit} runs on the request head before its body is read;
 * {@link #dispatch} runs on the admin executor, never on an event loop, and checks admission again (fail closed).
 */
final class AdminDispatcher {

    private static final Logger log = LoggerFactory.getLogger(AdminDispatcher.class);

    private final RouteTable routes;
    private final AdminGate gate;
    private final ErrorAnswers errors;
    private final Map<String, String> responseHeaders;
    private final String owner;
    private final RequestCounter requests;

    AdminDispatcher(RouteTable routes, AdminGate gate, MeterRegistry meters) {
        this(routes, gate, ErrorAnswers.NONE, Map.of(), "server", meters);
    }

    /**
     * @param errors          answers the handlers' domain failures
     * @param responseHeaders set on every answer that does not set them itself
     * @param owner           names the process in a 500's detail ("the control plane failed ...")
     */
    AdminDispatcher(RouteTable routes, AdminGate gate, ErrorAnswers errors, Map<String, String> responseHeaders,
                    String owner, MeterRegistry meters) {
        this.routes = routes;
        this.gate = gate;
        this.errors = errors;
        this.responseHeaders = Map.copyOf(responseHeaders);
        this.owner = owner;
        this.requests = new RequestCounter(meters);
    }

    /**
     * Checks a request head (its body not read yet): null if it may go on, else the refusal, counted (the gate's,
     * then 501 for a method outside {@link AdminMethod}).
     */
    AdminResponse admit(AdminRequest head) {
        AdminMethod known = AdminMethod.of(head.method());
        AdminResponse refusal = refusal(known, head);
        if (refusal != null) {
            requests.record(known, routes.template(head.path()), refusal.status());
            return refusal.withDefaultHeaders(responseHeaders);
        }
        return null;
    }

    /** True if {@code path} is served only by open routes (no token; answered on probes-only connections). */
    boolean isOpen(String path) {
        return routes.isOpen(path);
    }

    /** The open routes' templates, for the message of a connection over the limit. */
    List<String> openTemplates() {
        return routes.openTemplates();
    }

    /** Counts a request refused before it reached the dispatcher (a timeout, a body too large, a full server). */
    void countRefused(String method, String path, int status) {
        requests.record(AdminMethod.of(method), path == null ? null : routes.template(path), status);
    }

    AdminResponse dispatch(AdminRequest request) {
        AdminMethod method = AdminMethod.of(request.method());
        AdminResponse refusal = refusal(method, request);
        return finish(method, request, refusal != null ? refusal : handle(method, request));
    }

    /**
     * As {@link #dispatch}, but a {@link DeferredRouteHandler}'s answer is awaited without a thread: the future
     * completes when it does (on whatever thread completes it).
     */
    CompletableFuture<AdminResponse> dispatchLater(AdminRequest request) {
        AdminMethod method = AdminMethod.of(request.method());
        AdminResponse refusal = refusal(method, request);
        if (refusal != null) {
            return CompletableFuture.completedFuture(finish(method, request, refusal));
        }
        RouteTable.Match match;
        try {
            match = routes.resolve(method, request.withPrincipal(gate.principal(request)));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(finish(method, request, failed(method, request, e)));
        }
        if (!(match.handler() instanceof DeferredRouteHandler deferred)) {
            return CompletableFuture.completedFuture(finish(method, request, handle(method, request)));
        }
        CompletableFuture<AdminResponse> answer;
        try {
            answer = deferred.defer(match.request());
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(finish(method, request, failed(method, request, e)));
        }
        return answer.handle((response, e) -> finish(method, request, e == null ? response
                : failed(method, request, e instanceof CompletionException && e.getCause() instanceof RuntimeException
                ? (RuntimeException) e.getCause() : new IllegalStateException(e))));
    }

    private AdminResponse finish(AdminMethod method, AdminRequest request, AdminResponse answer) {
        AdminResponse response = answer.withDefaultHeaders(responseHeaders);
        requests.record(method, routes.template(request.path()), response.status());
        return method == AdminMethod.HEAD ? response.withoutBody() : response;
    }

    private AdminResponse refusal(AdminMethod method, AdminRequest request) {
        AdminResponse denied = gate.refusal(request, routes.isOpen(request.path()));
        if (denied != null) {
            return denied;
        }
        if (method == AdminMethod.OTHER) {
            return Problem.of(new ApiException(501, "not-implemented", "Not implemented",
                    "method: not implemented (expected: one of GET, HEAD, POST, PUT, DELETE)", null), request.path())
                    .toResponse();
        }
        return null;
    }

    private AdminResponse handle(AdminMethod method, AdminRequest request) {
        try {
            RouteTable.Match match = routes.resolve(method, request.withPrincipal(gate.principal(request)));
            return match.handler().handle(match.request());
        } catch (RuntimeException e) {
            return failed(method, request, e);
        }
    }

    /** The answer to a handler's failure: its problem, 405, a domain failure's answer, else 500. */
    private AdminResponse failed(AdminMethod method, AdminRequest request, RuntimeException failure) {
        if (failure instanceof ApiException e) {
            return Problem.of(e, request.path()).toResponse();
        }
        if (failure instanceof RouteTable.MethodNotAllowed e) {
            return Problem.of(new ApiException(405, "method-not-allowed", "Method not allowed", e.getMessage(), null),
                    request.path()).toResponse().withHeader("Allow", e.allow);
        }
        AdminResponse known = errors.answer(failure, request.path());
        if (known != null) {
            return known;
        }
        log.error("admin request {} {} failed", method.label(), request.path(), failure);
        return Problem.of(new ApiException(500, "internal", "Internal error",
                "the " + owner + " failed to handle the request (see its log)", null), request.path()).toResponse();
    }
}
