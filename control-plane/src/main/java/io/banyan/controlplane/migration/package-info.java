/**
 * Migrations: moving the traffic a route matches from one service to another by steps, with a shadow copy first,
 * a guard that rolls back on its own, a schedule, durable state and events.
 */
package io.banyan.controlplane.migration;
