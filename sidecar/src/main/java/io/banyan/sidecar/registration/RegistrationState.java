package io.banyan.sidecar.registration;

import java.time.Instant;

/**
 * What the registration agent shows on the admin endpoint: the instance id while registered (null
 * otherwise), whether the app is healthy, the last successful registration and heartbeat, and the last
 * error (null after a success).
 */
public record RegistrationState(String service, String instanceId, boolean appHealthy, Instant registeredAt,
                                Instant lastHeartbeat, String lastError, Instant lastErrorAt) {

    public static RegistrationState initial(String service) {
        return new RegistrationState(service, null, false, null, null, null, null);
    }

    /** Registered, its app healthy and the last call succeeded: what the registration gauge shows as 1. */
    public boolean healthy() {
        return instanceId != null && appHealthy && lastError == null;
    }

    RegistrationState withAppHealthy(boolean healthy) {
        return new RegistrationState(service, instanceId, healthy, registeredAt, lastHeartbeat, lastError, lastErrorAt);
    }

    RegistrationState registered(String id, Instant at) {
        return new RegistrationState(service, id, appHealthy, at, at, null, null);
    }

    RegistrationState heartbeat(Instant at) {
        return new RegistrationState(service, instanceId, appHealthy, registeredAt, at, null, null);
    }

    RegistrationState forgotten() {
        return new RegistrationState(service, null, appHealthy, null, lastHeartbeat, lastError, lastErrorAt);
    }

    RegistrationState failed(String error, Instant at) {
        return new RegistrationState(service, instanceId, appHealthy, registeredAt, lastHeartbeat, error, at);
    }
}
