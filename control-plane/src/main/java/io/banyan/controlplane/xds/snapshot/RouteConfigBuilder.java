package io.banyan.controlplane.xds.snapshot;

import com.google.protobuf.Duration;
import io.banyan.api.xds.ResourceNames;
import io.banyan.api.xds.Upstream;
import io.banyan.controlplane.migration.Migration;
import io.banyan.controlplane.migration.MigrationSnapshot;
import io.banyan.controlplane.migration.MigrationSpec;
import io.banyan.controlplane.policy.PolicySnapshot;
import io.banyan.controlplane.policy.RateLimit;
import io.banyan.controlplane.policy.TrafficPolicy;
import io.banyan.controlplane.route.GatewayHosts;
import io.banyan.controlplane.route.OperatorRoute;
import io.banyan.controlplane.route.RouteOwner;
import io.banyan.controlplane.route.RouteSnapshot;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds a node's RouteConfigurations: {@code outbound} (one virtual host per service, matched by Host),
 * {@code upstream|<service>} per explicit upstream port and, with a local app, {@code inbound} (everything to
 * {@code inbound|<appPort>}). A service's virtual host holds its operator routes in order ({@link
 * OperatorRouteMapper}) after the routes of its live migrations ({@link MigrationRouteMapper}), then the catch-all
 * {@code prefix "/"} to the service itself. Routes toward a service carry
 * its traffic policy ({@link RoutePolicy}); the inbound virtual host carries the node's own service's rate limit, if
 * it has one. A gateway node gets {@code gateway|<name>}: its routes by virtual host ({@link #gateway}).
 */
final class RouteConfigBuilder {

    /** The name and the domain of the gateway's virtual host that takes every authority. */
    static final String ANY_HOST = "*";
    static final Duration ROUTE_TIMEOUT = Duration.newBuilder().setSeconds(15).build();

    List<RouteConfiguration> build(SidecarNode node, Set<String> services) {
        return build(node, services, PolicySnapshot.empty());
    }

    List<RouteConfiguration> build(SidecarNode node, Set<String> services, PolicySnapshot policies) {
        return build(node, services, policies, RouteSnapshot.empty());
    }

    List<RouteConfiguration> build(SidecarNode node, Set<String> services, PolicySnapshot policies,
                                   RouteSnapshot operatorRoutes) {
        return build(node, services, policies, operatorRoutes, MigrationSnapshot.empty());
    }

    /** With each live migration's route first in its table ({@link MigrationRouteMapper}). */
    List<RouteConfiguration> build(SidecarNode node, Set<String> services, PolicySnapshot policies,
                                   RouteSnapshot operatorRoutes, MigrationSnapshot migrations) {
        List<RouteConfiguration> routes = new ArrayList<>();
        RouteConfiguration.Builder outbound = RouteConfiguration.newBuilder().setName(ResourceNames.OUTBOUND_ROUTES);
        for (String service : services) {
            outbound.addVirtualHosts(virtualHost(service, List.of(service, service + ":*"),
                    migrationRoutes(migrations, RouteOwner.SERVICE, service, policies),
                    operatorRoutes.ofService(service), policies));
        }
        routes.add(outbound.build());
        Set<String> upstreamServices = new LinkedHashSet<>();
        node.upstreams().stream().filter(Upstream::hasPort)
                .forEach(upstream -> upstreamServices.add(upstream.service()));
        for (String service : upstreamServices) {
            routes.add(upstream(service, migrationRoutes(migrations, RouteOwner.SERVICE, service, policies),
                    operatorRoutes.ofService(service), policies));
        }
        if (node.isGateway()) {
            routes.add(gateway(node.gateway(), migrationRoutes(migrations, RouteOwner.GATEWAY, node.gateway(),
                    policies), operatorRoutes.ofGateway(node.gateway()), policies));
        }
        if (node.hasInbound()) {
            VirtualHost.Builder local = localApp(node).toBuilder();
            RateLimit limit = node.service() == null ? null : policies.of(node.service()).rateLimit();
            if (limit != null) {
                local.putTypedPerFilterConfig(RoutePolicy.LOCAL_RATE_LIMIT, RoutePolicy.localRateLimit(limit));
            }
            routes.add(RouteConfiguration.newBuilder()
                    .setName(ResourceNames.INBOUND_ROUTES)
                    .addVirtualHosts(local)
                    .build());
        }
        return routes;
    }

    private static VirtualHost localApp(SidecarNode node) {
        return VirtualHost.newBuilder()
                .setName("local-app")
                .addDomains("*")
                .addRoutes(Route.newBuilder()
                        .setMatch(RouteMatch.newBuilder().setPrefix("/"))
                        .setRoute(RouteAction.newBuilder()
                                .setCluster(ResourceNames.inboundCluster(node.appPort()))
                                .setTimeout(ROUTE_TIMEOUT)))
                .build();
    }

    /** The virtual host of traffic addressed to {@code service} in the shared {@code outbound} table. */
    static VirtualHost outboundHost(String service, List<OperatorRoute> operatorRoutes, PolicySnapshot policies) {
        return virtualHost(service, List.of(service, service + ":*"), List.of(), operatorRoutes, policies);
    }

    /** The Envoy routes of the live migrations in the table of {@code owner} {@code name}, each with its from's policy. */
    private static List<Route> migrationRoutes(MigrationSnapshot migrations, RouteOwner owner, String name,
                                               PolicySnapshot policies) {
        List<Route> routes = new ArrayList<>();
        for (Migration migration : migrations.liveIn(new MigrationSpec.Table(owner, name))) {
            routes.addAll(MigrationRouteMapper.routes(migration, policies.of(migration.spec().from())));
        }
        return routes;
    }

    /** {@code upstream|<service>}: the table of an explicit upstream port of {@code service}. */
    static RouteConfiguration upstream(String service, List<OperatorRoute> operatorRoutes, PolicySnapshot policies) {
        return upstream(service, List.of(), operatorRoutes, policies);
    }

    private static RouteConfiguration upstream(String service, List<Route> first, List<OperatorRoute> operatorRoutes,
                                               PolicySnapshot policies) {
        return RouteConfiguration.newBuilder()
                .setName(ResourceNames.upstreamRoutes(service))
                .addVirtualHosts(virtualHost(service, List.of("*"), first, operatorRoutes, policies))
                .build();
    }

    /**
     * {@code gateway|<name>}: for each host a route names (in order of appearance), a virtual host with, in order,
     * the routes that serve it ({@link GatewayHosts#serves}: on that host, on a wildcard covering it, or on every
     * host); then, if any route has no hosts or there are no routes, the virtual host {@code *} with those. No
     * catch-all: what matches nothing is answered 404 (so, until the gateway has routes, every request). A {@code to}
     * route carries its first destination's policy;
     * every Envoy route of an operator route (one per method) carries its end-user policy ({@link EdgePolicyBuilder}).
     */
    static RouteConfiguration gateway(String name, List<OperatorRoute> operatorRoutes, PolicySnapshot policies) {
        return gateway(name, List.of(), operatorRoutes, policies);
    }

    /** {@link #gateway(String, List, PolicySnapshot)} with {@code first} (migration routes) first in every host. */
    private static RouteConfiguration gateway(String name, List<Route> first, List<OperatorRoute> operatorRoutes,
                                              PolicySnapshot policies) {
        Set<String> hosts = new LinkedHashSet<>();
        operatorRoutes.forEach(route -> {
            if (route.hosts() != null) {
                hosts.addAll(route.hosts());
            }
        });
        RouteConfiguration.Builder table = RouteConfiguration.newBuilder()
                .setName(ResourceNames.gatewayRoutes(name));
        for (String host : hosts) {
            table.addVirtualHosts(gatewayHost(host, first, operatorRoutes.stream()
                    .filter(route -> GatewayHosts.serves(route.hosts(), host)).toList(), policies));
        }
        List<OperatorRoute> everyHost = operatorRoutes.stream().filter(route -> route.hosts() == null).toList();
        if (!everyHost.isEmpty() || operatorRoutes.isEmpty()) {
            table.addVirtualHosts(gatewayHost(ANY_HOST, first, everyHost, policies));
        }
        return table.build();
    }

    private static VirtualHost gatewayHost(String domain, List<Route> first, List<OperatorRoute> routes,
                                           PolicySnapshot policies) {
        VirtualHost.Builder host = VirtualHost.newBuilder().setName(domain).addDomains(domain).addAllRoutes(first);
        for (OperatorRoute route : routes) {
            TrafficPolicy policy = route.to() == null ? TrafficPolicy.DEFAULT : policies.of(route.to().get(0).service());
            for (Route envoy : OperatorRouteMapper.routes(route, policy)) {
                host.addRoutes(new EdgePolicyBuilder().apply(route.edge(), envoy.toBuilder()));
            }
        }
        return host.build();
    }

    /**
     * The migration routes {@code first}, the operator routes of {@code service}, then everything else to the service
     * itself; all with its policy.
     */
    private static VirtualHost virtualHost(String service, List<String> domains, List<Route> first,
                                           List<OperatorRoute> operatorRoutes, PolicySnapshot policies) {
        TrafficPolicy policy = policies.of(service);
        VirtualHost.Builder host = VirtualHost.newBuilder().setName(service).addAllDomains(domains)
                .addAllRoutes(first);
        for (OperatorRoute route : operatorRoutes) {
            host.addAllRoutes(OperatorRouteMapper.routes(route, policy));
        }
        RouteAction.Builder action = RouteAction.newBuilder().setCluster(ResourceNames.cluster(service));
        RoutePolicy.apply(action, policy);
        return host.addRoutes(Route.newBuilder()
                        .setMatch(RouteMatch.newBuilder().setPrefix("/"))
                        .setRoute(action))
                .build();
    }
}
