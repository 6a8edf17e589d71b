package io.banyan.controlplane.admin;

import io.banyan.controlplane.metrics.MetricNames;
import io.banyan.controlplane.registry.InvalidFieldException;
import io.banyan.controlplane.registry.ServiceNotEmptyException;
import io.banyan.controlplane.store.StoreUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plain-Java request handling: auth, routing, handler call, errors to problem+json, request metrics.
 * Runs on the admin executor, never on an event loop.
 */
final class AdminDispatcher {

    private static final Logger log = LoggerFactory.getLogger(AdminDispatcher.class);
    private static final String STORE_RETRY_AFTER_SECONDS = "5";

    private final RouteTable routes;
    private final BearerAuth auth;
    private final MeterRegistry meters;

    AdminDispatcher(RouteTable routes, BearerAuth auth, MeterRegistry meters) {
        this.routes = routes;
        this.auth = auth;
        this.meters = meters;
    }

    AdminResponse dispatch(AdminRequest request) {
        AdminResponse response = handle(request);
        meters.counter(MetricNames.ADMIN_REQUESTS, "method", request.method(),
                "status", Integer.toString(response.status())).increment();
        return response;
    }

    private AdminResponse handle(AdminRequest request) {
        if (!routes.isOpen(request.path())) {
            AdminResponse denied = auth.check(request);
            if (denied != null) {
                return denied;
            }
        }
        try {
            RouteTable.Match match = routes.resolve(request);
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
            log.error("admin request {} {} failed", request.method(), request.path(), e);
            return Problem.of(new ApiException(500, "internal", "Internal error",
                    "the control plane failed to handle the request (see its log)", null), request.path()).toResponse();
        }
    }
}
