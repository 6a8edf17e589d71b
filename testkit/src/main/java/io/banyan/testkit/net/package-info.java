/** Sockets for tests: ports that refuse, for dead endpoints. */
package io.banyan.testkit.net;
