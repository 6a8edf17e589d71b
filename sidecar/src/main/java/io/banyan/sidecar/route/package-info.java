/** Routing in plain Java: a request's authority and path to a route, and a route to one weighted cluster. */
package io.banyan.sidecar.route;
