package io.banyan.sidecar.health;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/** Probes with an asynchronous HTTP/1.1 GET: any 2xx is a success; another status, an error or a timeout a failure. */
public final class HttpHealthProbe implements HealthProbe {

    private final HttpClient client;
    private final HttpRequest request;
    private final HealthCheckConfig config;

    public HttpHealthProbe(HealthCheckConfig config) {
        this.config = config;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.request = HttpRequest.newBuilder(URI.create(config.url()))
                .timeout(config.timeout())
                .header("user-agent", "banyan-health-checker")
                .GET()
                .build();
    }

    @Override
    public CompletableFuture<ProbeResult> probe() {
        long timeoutMillis = config.timeout().toMillis();
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .orTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .handle((response, error) -> {
                    if (error != null) {
                        return ProbeResult.failure(describe(error));
                    }
                    int status = response.statusCode();
                    return status >= 200 && status < 300
                            ? ProbeResult.success("status " + status)
                            : ProbeResult.failure("status " + status);
                });
    }

    private String describe(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof HttpTimeoutException || cause instanceof java.util.concurrent.TimeoutException) {
            return "no answer within " + config.timeout();
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
