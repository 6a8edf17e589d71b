package io.banyan.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banyan.dataplane.config.ClusterConfig;
import io.banyan.dataplane.config.MeshConfig;
import io.banyan.sidecar.Sidecar;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** An app's view of the mesh: plain HTTP to its sidecar on localhost. */
public final class MeshClient {

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public HttpResponse<String> get(int port, String path) {
        return send(HttpRequest.newBuilder(uri(port, path)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /**
     * A plain HTTP/1.1 {@code GET /things} with the given Host, as an app sends it to the shared outbound port
     * (java.net.http would not let a test choose the Host); returns the whole response, headers and body.
     */
    public static String getWithHost(int port, String host) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /things HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            StringBuilder response = new StringBuilder();
            for (String line; (line = in.readLine()) != null; ) {
                response.append(line).append('\n');
            }
            return response.toString().strip();
        }
    }

    /** How many endpoints the sidecar's data plane has for a service right now. */
    public static int endpointCount(Sidecar sidecar, String service) {
        MeshConfig config = sidecar.currentConfig();
        ClusterConfig cluster = config.clusters().get(service);
        return cluster == null ? -1 : config.endpointsOf(cluster).endpoints().size();
    }

    /** The {@code xds} part of the sidecar's {@code /config_dump} (ACKs, the control plane in use, stale_config). */
    public static JsonNode xdsStatus(Sidecar sidecar) {
        try {
            return new ObjectMapper().readTree(new MeshClient().get(sidecar.adminPort(), "/config_dump").body())
                    .get("xds");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
