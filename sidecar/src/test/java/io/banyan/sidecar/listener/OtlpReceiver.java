package io.banyan.sidecar.listener;

import com.sun.net.httpserver.HttpServer;
import io.banyan.testkit.grpc.RawGrpc;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real OTLP trace receiver on 127.0.0.1 port 0, as an OpenTelemetry collector would be: {@code POST /v1/traces}
 * (http/protobuf) and {@code TraceService/Export} (gRPC), each request decoded as an
 * {@code ExportTraceServiceRequest} and its spans kept, flattened with their resource's {@code service.name}.
 */
final class OtlpReceiver implements AutoCloseable {

    /** A span as it arrived: ids in lower-case hex, "" for no parent; attribute values as strings or longs. */
    record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name,
                        Span.SpanKind kind, Map<String, Object> attributes, Status.StatusCode status) {
        Object attribute(String key) {
            return attributes.get(key);
        }
    }

    private final HttpServer http;
    private final Server grpc;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();

    OtlpReceiver() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/v1/traces", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                if (!"POST".equals(exchange.getRequestMethod())) {
                    exchange.sendResponseHeaders(405, -1);
                    return;
                }
                keep(ExportTraceServiceRequest.parseFrom(body));
                byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
                exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
                exchange.getResponseBody().write(answer);
            } finally {
                exchange.close();
            }
        });
        http.start();
        ServerServiceDefinition service = ServerServiceDefinition
                .builder("opentelemetry.proto.collector.trace.v1.TraceService")
                .addMethod(RawGrpc.unary("opentelemetry.proto.collector.trace.v1.TraceService/Export"),
                        ServerCalls.asyncUnaryCall((request, answer) -> {
                            try {
                                keep(ExportTraceServiceRequest.parseFrom(request));
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                            answer.onNext(ExportTraceServiceResponse.getDefaultInstance().toByteArray());
                            answer.onCompleted();
                        }))
                .build();
        grpc = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(service).build().start();
    }

    /** Where http/protobuf exporters send ({@code /v1/traces} is added by the settings). */
    URI httpEndpoint() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    URI grpcEndpoint() {
        return URI.create("http://127.0.0.1:" + grpc.getPort());
    }

    List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    List<ReceivedSpan> trace(String traceId) {
        return spans.stream().filter(span -> span.traceId().equals(traceId)).toList();
    }

    private void keep(ExportTraceServiceRequest request) {
        for (ResourceSpans resource : request.getResourceSpansList()) {
            String service = resource.getResource().getAttributesList().stream()
                    .filter(kv -> kv.getKey().equals("service.name")).map(kv -> kv.getValue().getStringValue())
                    .findFirst().orElse("");
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                for (Span span : scope.getSpansList()) {
                    Map<String, Object> attributes = new HashMap<>();
                    for (KeyValue kv : span.getAttributesList()) {
                        attributes.put(kv.getKey(), value(kv.getValue()));
                    }
                    spans.add(new ReceivedSpan(service, hex(span.getTraceId().toByteArray()),
                            hex(span.getSpanId().toByteArray()), hex(span.getParentSpanId().toByteArray()),
                            span.getName(), span.getKind(), Map.copyOf(attributes), span.getStatus().getCode()));
                }
            }
        }
    }

    private static Object value(AnyValue value) {
        return switch (value.getValueCase()) {
            case INT_VALUE -> value.getIntValue();
            case BOOL_VALUE -> value.getBoolValue();
            case DOUBLE_VALUE -> value.getDoubleValue();
            default -> value.getStringValue();
        };
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void close() throws InterruptedException {
        http.stop(0);
        grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
