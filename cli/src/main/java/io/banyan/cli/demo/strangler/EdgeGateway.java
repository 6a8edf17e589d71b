package io.banyan.cli.demo.strangler;

import java.util.concurrent.CompletableFuture;

/**
 * The demo's running edge gateway.
 *
 * @param port    the port it listens on (127.0.0.1), read back after binding port 0
 * @param ready   completes when it has its certificate and its first configuration
 * @param process closes it
 */
record EdgeGateway(int port, CompletableFuture<Void> ready, AutoCloseable process) {
}
