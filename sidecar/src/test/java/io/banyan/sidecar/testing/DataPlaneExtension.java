package io.banyan.sidecar.testing;

import io.banyan.dataplane.config.MeshConfig;
import io.banyan.sidecar.listener.DataPlane;
import io.banyan.sidecar.listener.EventLoops;
import io.banyan.sidecar.tls.MeshTls;
import io.banyan.sidecar.tls.SslContexts;
import io.banyan.sidecar.tls.TlsMetrics;
import io.banyan.sidecar.tls.WorkloadIdentity;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Gives a test its event loops and real data planes whose listeners bind port 0, in the style of Armeria's
 * {@code ServerExtension}: {@code start(builder -> ..., config)}, then {@link #outboundPort()} or
 * {@link #inboundPort()}. Plaintext unless the builder is given {@link #meshTls} (mutual TLS with a workload
 * identity). Registered on a static field the event loops live for the class; on an instance field, for one test.
 * Every data plane started in a test is closed after it.
 */
public final class DataPlaneExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final int threads;
    private final List<DataPlane> started = new ArrayList<>();
    private EventLoops loops;
    private boolean classWide;
    private SimpleMeterRegistry registry;
    private DataPlane last;

    public DataPlaneExtension() {
        this(2);
    }

    public DataPlaneExtension(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads: " + threads + " (expected: >= 1)");
        }
        this.threads = threads;
    }

    /** Mutual TLS presenting {@code identity}, for {@code DataPlane.Builder#upstreamTls} and {@code #inboundTls}. */
    public static MeshTls meshTls(WorkloadIdentity identity, MeterRegistry meters) {
        MeshTls tls = new MeshTls(new SslContexts(SslContexts.defaultProvider()), new TlsMetrics(meters));
        tls.onIdentity(identity);
        return tls;
    }

    /** Builds a data plane speaking mutual TLS with {@code tls} both ways (upstream and inbound). */
    public static Consumer<DataPlane.Builder> withMeshTls(MeshTls tls) {
        return builder -> builder.upstreamTls(tls).inboundTls(tls);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        classWide = true;
        loops = EventLoops.create(threads);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (loops == null) {
            loops = EventLoops.create(threads);
        }
        registry = new SimpleMeterRegistry();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        started.forEach(DataPlane::close);
        started.clear();
        last = null;
        if (!classWide) {
            closeLoops();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        closeLoops();
    }

    /** The test's event loops (for upstream connectors, probes and data planes the test builds itself). */
    public EventLoops loops() {
        if (loops == null) {
            throw new IllegalStateException("no event loops outside a test (is the extension registered?)");
        }
        return loops;
    }

    /** The meters of the data planes {@link #start(MeshConfig)} starts in this test (a new registry per test). */
    public SimpleMeterRegistry registry() {
        return registry;
    }

    /** A plaintext data plane serving {@code config}, its meters in {@link #registry()}; returns once it is bound. */
    public DataPlane start(MeshConfig config) throws Exception {
        return start(builder -> { }, config);
    }

    /** A data plane built as {@code configure} says, serving {@code config}; returns once every listener is bound. */
    public DataPlane start(Consumer<DataPlane.Builder> configure, MeshConfig config) throws Exception {
        return start(registry(), configure, config);
    }

    /** As {@link #start(Consumer, MeshConfig)}, with its meters in {@code meters}. */
    public DataPlane start(MeterRegistry meters, Consumer<DataPlane.Builder> configure, MeshConfig config)
            throws Exception {
        DataPlane.Builder builder = DataPlane.builder(loops(), meters);
        configure.accept(builder);
        DataPlane dataPlane = builder.build();
        started.add(dataPlane);
        dataPlane.onConfig(config);
        dataPlane.ready().get(5, TimeUnit.SECONDS);
        last = dataPlane;
        return dataPlane;
    }

    /** The data plane started last in this test. */
    public DataPlane dataPlane() {
        if (last == null) {
            throw new IllegalStateException("no data plane started in this test (call start(...) first)");
        }
        return last;
    }

    /** The bound port of the listener named "outbound" of the data plane started last. */
    public int outboundPort() {
        return dataPlane().boundPort("outbound");
    }

    /** The bound port of the listener named "inbound" of the data plane started last. */
    public int inboundPort() {
        return dataPlane().boundPort("inbound");
    }

    private void closeLoops() {
        if (loops != null) {
            loops.close();
            loops = null;
        }
    }
}
