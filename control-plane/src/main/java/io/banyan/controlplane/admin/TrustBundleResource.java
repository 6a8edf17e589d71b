package io.banyan.controlplane.admin;

import io.banyan.adminserver.AdminResource;
import io.banyan.adminserver.RouteTable;
import io.banyan.certs.Pem;
import io.banyan.controlplane.ca.TrustBundle;

import java.util.List;
import java.util.Objects;

/** {@code GET /v1/trust-bundle}: the roots a workload certificate may chain to, as PEM, with their SHA-256 fingerprints. */
public final class TrustBundleResource implements AdminResource {

    private final TrustBundle bundle;

    public TrustBundleResource(TrustBundle bundle) {
        this.bundle = Objects.requireNonNull(bundle, "bundle");
    }

    @Override
    public void addRoutes(RouteTable routes) {
        routes.add("GET", "/v1/trust-bundle", request -> Json.response(200, new Bundle(bundle.trustDomain(),
                bundle.roots().stream().map(Pem::writeCertificate).toList(), bundle.fingerprints())));
    }

    private record Bundle(String trustDomain, List<String> roots, List<String> fingerprints) {
    }
}
