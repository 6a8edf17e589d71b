/** JUnit extensions and helpers that start real Banyan parts and upstreams on loopback. */
package io.banyan.e2e.support;
