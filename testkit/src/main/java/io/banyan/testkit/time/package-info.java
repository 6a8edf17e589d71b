/** Time that tests move by hand: a wall clock with a monotonic reading, never a sleep. */
package io.banyan.testkit.time;
