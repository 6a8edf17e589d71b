package io.banyan.testkit.netty;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.concurrent.TimeUnit;

/**
 * Gives a test a NIO event loop group, shut down after it: registered on a static field, one group for the class;
 * on an instance field, one per test. For connectors, probes and pools the test drives itself.
 */
public final class EventLoopGroupExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final int threads;
    private EventLoopGroup group;
    private boolean classWide;

    public EventLoopGroupExtension() {
        this(1);
    }

    public EventLoopGroupExtension(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads: " + threads + " (expected: >= 1)");
        }
        this.threads = threads;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        classWide = true;
        group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (group == null) {
            group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        if (!classWide) {
            shutdown();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        shutdown();
    }

    /** The test's group. */
    public EventLoopGroup group() {
        if (group == null) {
            throw new IllegalStateException("no event loop group outside a test (is the extension registered?)");
        }
        return group;
    }

    /** An event loop of the test's group: with one thread (the default), always the same. */
    public EventLoop loop() {
        return group().next();
    }

    private void shutdown() throws InterruptedException {
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
            group = null;
        }
    }
}
