/** Fake upstreams for tests: the loopback server every Netty fake is built on, and a scripted HTTP/1.1 app. */
package io.banyan.testkit.upstream;
