/**
 * How {@code banyan ctl migrations} shows a migration: the admin API's migration view and events read leniently into
 * records, and their text (the list table, the summary, the events, the live view of {@code watch}).
 */
package io.banyan.cli.ctl.migrations;
