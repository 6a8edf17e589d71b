package io.banyan.controlplane.admin;

import io.banyan.controlplane.registry.InvalidFieldException;
import io.banyan.controlplane.registry.ServiceNotEmptyException;
import io.banyan.controlplane.store.StoreUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plain-Java request handling: admission (auth, then known methods), routing, handler call, errors to
 * problem+json, request metrics. {@link #admit} runs on the request head before its body is read;
 * {@link #dispatch} runs on the admin executor, never on an event loop, and checks admission again (fail closed).
 */
final class AdminDispatcher {

    private static final Logger log = LoggerFactory.getLogger(AdminDispatcher.class);
    private static final String STORE_RETRY_AFTER_SECONDS = "5";

    private final RouteTable routes;
    private final BearerAuth auth;
    private final RequestCounter requests;

    AdminDispatcher(RouteTable routes, BearerAuth auth, MeterRegistry meters) {
        this.routes = routes;
        this.auth = auth;
        this.requests = new RequestCounter(meters);
    }

    /**
     * Checks a request head: null if it may go on, else the refusal, counted (401/403 without a valid token unless
     * the path is open, then 501 for a method outside {@link AdminMethod}).
     */
    AdminResponse admit(String method, String path, String authorization) {
        AdminMethod known = AdminMethod.of(method);
        AdminResponse refusal = refusal(known, path, authorization);
        if (refusal != null) {
            requests.record(known, routes.template(path), refusal.status());
        }
        return refusal;
    }

    /** True if {@code path} is served only by open routes ({@code /healthz}, {@code /metrics}). */
    boolean isOpen(String path) {
        return routes.isOpen(path);
    }

    /** Counts a request refused before it reached the dispatcher (a timeout, a body too large, a full server). */
    void countRefused(String method, String path, int status) {
        requests.record(AdminMethod.of(method), path == null ? null : routes.template(path), status);
    }

    AdminResponse dispatch(AdminRequest request) {
        AdminMethod method = AdminMethod.of(request.method());
        AdminResponse refusal = refusal(method, request.path(), request.authorization());
        AdminResponse response = refusal != null ? refusal : handle(method, request);
        requests.record(method, routes.template(request.path()), response.status());
        return method == AdminMethod.HEAD ? response.withoutBody() : response;
    }

    private AdminResponse refusal(AdminMethod method, String path, String authorization) {
        if (!routes.isOpen(path)) {
            AdminResponse denied = auth.check(authorization, path);
            if (denied != null) {
                return denied;
            }
        }
        if (method == AdminMethod.OTHER) {
            return Problem.of(new ApiException(501, "not-implemented", "Not implemented",
                    "method: not implemented (expected: one of GET, HEAD, POST, PUT, DELETE)", null), path).toResponse();
        }
        return null;
    }

    private AdminResponse handle(AdminMethod method, AdminRequest request) {
        try {
            RouteTable.Match match = routes.resolve(method, request);
            return match.handler().handle(match.request());
        } catch (ApiException e) {
            return Problem.of(e, request.path()).toResponse();
        } catch (InvalidFieldException e) {
            return Problem.of(ApiException.badRequest(e.field(), e.getMessage()), request.path()).toResponse();
        } catch (ServiceNotEmptyException e) {
            return Problem.of(ApiException.conflict(e.getMessage()), request.path()).toResponse();
        } catch (RouteTable.MethodNotAllowed e) {
            return Problem.of(new ApiException(405, "method-not-allowed", "Method not allowed", e.getMessage(), null),
                    request.path()).toResponse().withHeader("Allow", e.allow);
        } catch (StoreUnavailableException e) {
            // the store logs once per state change; a request only says so
            return Problem.of(ApiException.storeUnavailable(), request.path()).toResponse()
                    .withHeader("Retry-After", STORE_RETRY_AFTER_SECONDS);
        } catch (RuntimeException e) {
            log.error("admin request {} {} failed", method.label(), request.path(), e);
            return Problem.of(new ApiException(500, "internal", "Internal error",
                    "the control plane failed to handle the request (see its log)", null), request.path()).toResponse();
        }
    }
}
