package io.banyan.sidecar.upstream;

import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;

import java.util.Objects;

/**
 * The channel classes an event loop can register: its transport's (epoll or NIO). A data plane with more than one
 * transport ({@code listener.EventLoops}) answers by the loop; a connector opens every channel, and resolves every
 * name, with the classes of the loop it runs on.
 */
public interface ChannelTypes {

    /** The class of TCP sockets on {@code loop}. */
    Class<? extends SocketChannel> socket(EventLoop loop);

    /** The class of UDP sockets (DNS) on {@code loop}. */
    Class<? extends DatagramChannel> datagram(EventLoop loop);

    /** The same classes on every loop (one transport). */
    static ChannelTypes of(Class<? extends SocketChannel> socket, Class<? extends DatagramChannel> datagram) {
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(datagram, "datagram");
        return new ChannelTypes() {
            @Override
            public Class<? extends SocketChannel> socket(EventLoop loop) {
                return socket;
            }

            @Override
            public Class<? extends DatagramChannel> datagram(EventLoop loop) {
                return datagram;
            }
        };
    }
}
