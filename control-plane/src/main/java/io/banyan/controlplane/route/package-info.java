/**
 * Operator routes (what Istio calls a VirtualService) per service and per gateway: validated records of their JSON,
 * and the durable book that holds them and publishes revisioned {@code RouteSnapshot}s.
 */
package io.banyan.controlplane.route;
