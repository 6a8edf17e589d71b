package io.banyan.sidecar.codec;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server that answers before reading the request body and then closes: with a plain close the unread body makes the
 * kernel reset the connection, and the client loses the answer; the lingering close delivers it, then ends cleanly.
 */
class LingeringCloseTest {

    private static final String ANSWER = "HTTP/1.1 413 Payload Too Large\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";
    private static final int BODY = 512 * 1024;

    private final LinkedBlockingQueue<Channel> accepted = new LinkedBlockingQueue<>();
    private EventLoopGroup group;
    private int port;

    @BeforeEach
    void start() throws InterruptedException {
        group = new NioEventLoopGroup(1);
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        accepted.add(channel);
                        channel.pipeline().addLast(new AnswerAtOnce());
                    }
                }).bind("127.0.0.1", 0).sync().channel();
        port = ((InetSocketAddress) server.localAddress()).getPort();
    }

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }

    @Test
    void theAnswerReachesAClientStillSendingItsBodyAndTheConnectionThenEnds() throws Exception {
        for (int round = 0; round < 5; round++) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /upload HTTP/1.1\r\nhost: x\r\ncontent-length: " + BODY + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                sendBody(out); // all of it before reading: the answer waits unread while the body goes
                assertThat(readToEnd(socket.getInputStream())).isEqualTo(ANSWER);
            }
        }
    }

    @Test
    void aClientThatNeverClosesIsClosedAfterTheLinger() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write("POST /upload HTTP/1.1\r\ncontent-length: 100\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(readToEnd(socket.getInputStream())).isEqualTo(ANSWER); // the write side was shut: EOF
            Channel channel = accepted.poll(10, TimeUnit.SECONDS);
            assertThat(channel).isNotNull();
            assertThat(channel.closeFuture().await(LingeringClose.LINGER.toMillis() * 10)).isTrue();
        }
    }

    private static void sendBody(OutputStream out) {
        byte[] chunk = new byte[8192];
        try {
            for (int sent = 0; sent < BODY; sent += chunk.length) {
                out.write(chunk);
            }
            out.flush();
        } catch (IOException e) {
            // the server may close before the whole body went: the answer is what the test is about
        }
    }

    private static String readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        in.transferTo(read);
        return read.toString(StandardCharsets.US_ASCII);
    }

    /** Answers on the first bytes, body unread, and closes lingeringly. */
    private static final class AnswerAtOnce extends ChannelInboundHandlerAdapter {

        private boolean answered;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            if (!answered) {
                answered = true;
                ctx.channel().config().setAutoRead(false);
                ctx.writeAndFlush(Unpooled.copiedBuffer(ANSWER, StandardCharsets.US_ASCII))
                        .addListener(LingeringClose.INSTANCE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
