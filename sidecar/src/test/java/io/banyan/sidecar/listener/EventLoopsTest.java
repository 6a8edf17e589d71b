package io.banyan.sidecar.listener;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which transport each group runs: a change that moves HTTP off epoll, or half-closing streams onto it, fails here. */
class EventLoopsTest {

    @Test
    void theMainGroupIsEpollWhereAvailable() {
        try (EventLoops loops = EventLoops.create(1)) {
            assertThat(loops.epoll()).isEqualTo(Epoll.isAvailable());
            if (Epoll.isAvailable()) {
                assertThat(loops.serverChannelType()).isEqualTo(EpollServerSocketChannel.class);
                assertThat(loops.socket(loops.group().next())).isEqualTo(EpollSocketChannel.class);
                assertThat(loops.datagram(loops.group().next())).isEqualTo(EpollDatagramChannel.class);
            } else {
                assertThat(loops.serverChannelType()).isEqualTo(NioServerSocketChannel.class);
                assertThat(loops.socket(loops.group().next())).isEqualTo(NioSocketChannel.class);
            }
        }
    }

    @Test
    void theStreamGroupIsNioAndItsLoopsGetNioChannels() {
        try (EventLoops loops = EventLoops.create(1)) {
            assertThat(loops.streamGroup()).isNotSameAs(loops.group());
            assertThat(loops.streamServerChannelType()).isEqualTo(NioServerSocketChannel.class);
            assertThat(loops.socket(loops.streamGroup().next())).isEqualTo(NioSocketChannel.class);
            assertThat(loops.datagram(loops.streamGroup().next())).isEqualTo(NioDatagramChannel.class);
        }
    }

    @Test
    void closingClosesBothGroups() {
        EventLoops loops = EventLoops.create(1);

        loops.close();

        assertThat(loops.group().isTerminated()).isTrue();
        assertThat(loops.streamGroup().isTerminated()).isTrue();
    }

    @Test
    void aNegativeThreadCountIsRefused() {
        assertThatThrownBy(() -> EventLoops.create(-1)).hasMessage("threads: -1 (expected: >= 0)");
    }
}
