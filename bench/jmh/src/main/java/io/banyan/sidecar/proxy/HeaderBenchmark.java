package io.banyan.sidecar.proxy;

import io.banyan.sidecar.codec.ConnectionHeader;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpVersion;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Per-request header handling on the proxy path: stripping hop-by-hop headers before forwarding, and
 * setting the downstream Connection header. Each invocation works on a fresh copy of a typical request's
 * headers; {@link #copyOnly()} is that copy's cost, to subtract.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HeaderBenchmark {

    /** plain: a keep-alive browser-like request; hop-by-hop: Connection naming extra headers, TE, Upgrade. */
    @Param({"plain", "hop-by-hop"})
    String request;

    private HttpHeaders template;

    @Setup
    public void setUp() {
        template = new DefaultHttpHeaders()
                .add("host", "orders.mesh.local")
                .add("user-agent", "Mozilla/5.0 (X11; Linux x86_64) bench")
                .add("accept", "application/json")
                .add("accept-encoding", "gzip, deflate, br")
                .add("accept-language", "en-GB,en;q=0.9")
                .add("x-request-id", "9f0c6a5e-7f7b-4c1e-9d57-0d1c7d2b9c11")
                .add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .add("cookie", "session=abc123; theme=dark");
        if (request.equals("hop-by-hop")) {
            template.add("connection", "keep-alive, x-hop-one, x-hop-two")
                    .add("x-hop-one", "1")
                    .add("x-hop-two", "2")
                    .add("keep-alive", "timeout=5")
                    .add("te", "trailers")
                    .add("upgrade", "h2c");
        } else {
            template.add("connection", "keep-alive");
        }
    }

    @Benchmark
    public HttpHeaders copyOnly() {
        return new DefaultHttpHeaders().set(template);
    }

    @Benchmark
    public HttpHeaders stripHopByHop() {
        HttpHeaders headers = new DefaultHttpHeaders().set(template);
        HopByHopHeaders.strip(headers);
        return headers;
    }

    @Benchmark
    public HttpHeaders stripAndSetConnection() {
        HttpHeaders headers = new DefaultHttpHeaders().set(template);
        HopByHopHeaders.strip(headers);
        ConnectionHeader.set(headers, HttpVersion.HTTP_1_1, true);
        return headers;
    }
}
