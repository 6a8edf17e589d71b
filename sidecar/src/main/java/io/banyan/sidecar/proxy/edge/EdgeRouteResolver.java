package io.banyan.sidecar.proxy.edge;

import io.banyan.dataplane.config.EdgeRouteSettings;
import io.netty.handler.codec.http.HttpRequest;

/** The end-user policy of the route a request head will take ({@link EdgeRouteSettings#NONE} for none). */
@FunctionalInterface
public interface EdgeRouteResolver {

    EdgeRouteSettings resolve(HttpRequest request);
}
