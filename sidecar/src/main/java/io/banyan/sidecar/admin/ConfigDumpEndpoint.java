package io.banyan.sidecar.admin;

import io.banyan.adminserver.AdminRequest;
import io.banyan.adminserver.AdminResponse;
import io.banyan.adminserver.RouteHandler;
import io.banyan.dataplane.config.MeshConfig;

import java.util.function.Supplier;

/** {@code GET /config_dump}: the current MeshConfig, the xDS client's status and the registration state, as JSON. */
final class ConfigDumpEndpoint implements RouteHandler {

    /** The body of /config_dump. */
    record ConfigDump(MeshConfig meshConfig, Object xds, Object registration) {
    }

    private final AdminJson json;
    private final Supplier<MeshConfig> config;
    private final Supplier<?> xdsStatus;
    private final Supplier<?> registration;

    ConfigDumpEndpoint(AdminJson json, Supplier<MeshConfig> config, Supplier<?> xdsStatus, Supplier<?> registration) {
        this.json = json;
        this.config = config;
        this.xdsStatus = xdsStatus;
        this.registration = registration;
    }

    @Override
    public AdminResponse handle(AdminRequest request) {
        return AdminResponse.json(200, json.write(new ConfigDump(config.get(), xdsStatus.get(), registration.get())));
    }
}
