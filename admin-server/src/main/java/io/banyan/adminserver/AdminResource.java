package io.banyan.adminserver;

/** One resource of the admin API (services, instances, tokens, ...): adds its routes to the table. */
public interface AdminResource {

    void addRoutes(RouteTable routes);
}
