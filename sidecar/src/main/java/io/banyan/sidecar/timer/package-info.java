/** Event-loop timers re-armed in place of a scheduled task per request: one task per connection, moved only when a deadline comes nearer. */
package io.banyan.sidecar.timer;
