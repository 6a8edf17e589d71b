package io.banyan.controlplane.xds.snapshot;

import com.github.xds.type.v3.TypedStruct;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.extensions.filters.http.api_key_auth.v3.ApiKeyAuth;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.Cors;
import io.envoyproxy.envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication;
import io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import io.envoyproxy.envoy.extensions.path.match.uri_template.v3.UriTemplateMatchConfig;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;

/**
 * Envoy resources as proto3 JSON, {@code typed_config} included: the printer knows every type the snapshot builders
 * pack into an {@code Any} (each with the types of its file and of the files it imports).
 */
public final class ResourceJson {

    private final JsonFormat.Printer printer = JsonFormat.printer().usingTypeRegistry(JsonFormat.TypeRegistry
            .newBuilder()
            .add(UriTemplateMatchConfig.getDescriptor())
            .add(HttpConnectionManager.getDescriptor())
            .add(Router.getDescriptor())
            .add(TcpProxy.getDescriptor())
            .add(io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC.getDescriptor())
            .add(io.envoyproxy.envoy.extensions.filters.network.rbac.v3.RBAC.getDescriptor())
            .add(LocalRateLimit.getDescriptor())
            .add(HttpProtocolOptions.getDescriptor())
            .add(Cors.getDescriptor())
            .add(JwtAuthentication.getDescriptor())
            .add(ApiKeyAuth.getDescriptor())
            .add(TypedStruct.getDescriptor())
            .build());

    /** {@code message} as proto3 JSON. */
    public String print(Message message) {
        try {
            return printer.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print " + message.getDescriptorForType().getName()
                    + " (a type packed into an Any that ResourceJson does not know?)", e);
        }
    }
}
