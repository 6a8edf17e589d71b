package io.banyan.sidecar.tls;

/** Told of each new workload identity (the first one and every renewal), on the certificate manager's thread. */
@FunctionalInterface
public interface IdentityListener {

    void onIdentity(WorkloadIdentity identity);
}
