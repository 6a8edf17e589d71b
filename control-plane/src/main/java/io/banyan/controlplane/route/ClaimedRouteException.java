package io.banyan.controlplane.route;

/**
 * An operator route whose match a live migration owns in that table (a 409): {@code routes[2] 'orders': match owned
 * by migration 'orders-move' (expected: change it through /v1/migrations/orders-move)}.
 */
public final class ClaimedRouteException extends RuntimeException {

    public ClaimedRouteException(String message) {
        super(message);
    }
}
