package io.banyan.controlplane.admin;

import io.banyan.adminserver.AdminResponse;
import io.banyan.adminserver.ApiException;
import io.banyan.adminserver.ErrorAnswers;
import io.banyan.adminserver.Problem;
import io.banyan.controlplane.migration.MigrationConflictException;
import io.banyan.controlplane.migration.UnknownMigrationException;
import io.banyan.controlplane.registry.InvalidFieldException;
import io.banyan.controlplane.registry.ServiceNotEmptyException;
import io.banyan.controlplane.revision.IfMatch;
import io.banyan.controlplane.revision.MalformedIfMatchException;
import io.banyan.controlplane.revision.StaleETagException;
import io.banyan.controlplane.rollout.RolloutConflictException;
import io.banyan.controlplane.route.ClaimedRouteException;
import io.banyan.controlplane.store.StoreConflictException;
import io.banyan.controlplane.store.StoreUnavailableException;

/**
 * The control plane's failures as problems: an invalid field 400 naming it, a service with instances, a migration's
 * conflict, an operator route on a migration's match or a write that kept losing races to other replicas' (etcd) 409, a stale {@code If-Match} 412 (with the current ETag), an unknown migration 404, a store
 * that cannot write 503 with {@code Retry-After} (the store logs once per state change; a request only says so).
 */
final class DomainErrors implements ErrorAnswers {

    private static final String STORE_RETRY_AFTER_SECONDS = "5";

    @Override
    public AdminResponse answer(RuntimeException failure, String path) {
        if (failure instanceof InvalidFieldException e) {
            return Problem.of(ApiException.badRequest(e.field(), e.getMessage()), path).toResponse();
        }
        if (failure instanceof MigrationConflictException || failure instanceof ClaimedRouteException
                || failure instanceof RolloutConflictException || failure instanceof StoreConflictException) {
            return Problem.of(ApiException.conflict(failure.getMessage()), path).toResponse();
        }
        if (failure instanceof UnknownMigrationException e) {
            return Problem.of(ApiException.notFound("name", e.getMessage()), path).toResponse();
        }
        if (failure instanceof MalformedIfMatchException) {
            return Problem.of(ApiException.badRequest(IfMatch.HEADER, failure.getMessage()), path).toResponse();
        }
        if (failure instanceof StaleETagException e) {
            return ConfigWrites.tagged(Problem.of(new ApiException(412, "precondition-failed", "Precondition failed",
                    e.getMessage(), IfMatch.HEADER), path).toResponse(), e.current());
        }
        if (failure instanceof ServiceNotEmptyException e) {
            return Problem.of(ApiException.conflict(e.getMessage()), path).toResponse();
        }
        if (failure instanceof StoreUnavailableException) {
            return Problem.of(ApiException.storeUnavailable(), path).toResponse()
                    .withHeader("Retry-After", STORE_RETRY_AFTER_SECONDS);
        }
        return null;
    }
}
