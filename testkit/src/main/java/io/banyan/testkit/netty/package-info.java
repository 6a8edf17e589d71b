/** Netty for tests: an event loop group a JUnit extension starts and shuts down. */
package io.banyan.testkit.netty;
