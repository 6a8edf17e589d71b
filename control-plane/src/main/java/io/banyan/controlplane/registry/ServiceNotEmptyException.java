package io.banyan.controlplane.registry;

/** A service cannot be deleted while it still has instances. */
public final class ServiceNotEmptyException extends RuntimeException {

    public ServiceNotEmptyException(String service, int instances) {
        super("service '" + service + "' still has " + instances + " instance(s) (expected: none; deregister them first)");
    }
}
