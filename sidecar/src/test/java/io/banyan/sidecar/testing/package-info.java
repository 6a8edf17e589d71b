/** JUnit extensions that start the sidecar's real parts for a test: event loops and data planes on port 0. */
package io.banyan.sidecar.testing;
