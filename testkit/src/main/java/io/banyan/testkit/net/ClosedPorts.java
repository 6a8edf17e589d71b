package io.banyan.testkit.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Ports nothing listens on, for dead endpoints a connect must be refused by. Never bind one later: a server in a test
 * binds port 0 and reports the port it got.
 */
public final class ClosedPorts {

    private ClosedPorts() {
    }

    /** A loopback port that was free a moment ago and that no one in the test binds: connecting to it is refused. */
    public static int pick() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
