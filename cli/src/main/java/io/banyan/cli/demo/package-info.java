/** {@code banyan demo}: a whole mesh in one JVM on loopback, live traffic, a killed instance, and the demo's own checks. */
package io.banyan.cli.demo;
