package io.banyan.sidecar.admin;

import io.banyan.adminserver.AdminGate;
import io.banyan.adminserver.AdminRequest;
import io.banyan.adminserver.AdminResponse;
import io.banyan.adminserver.ApiException;
import io.banyan.adminserver.BearerAuth;
import io.banyan.adminserver.Problem;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may use the admin port: a process on this host, never a web page. Plain logic, no Netty. In order:
 * <ol>
 *   <li>{@code Host}, when present, must name this host: {@code localhost}, a loopback address, or one of the
 *       configured addresses (the admin bind address, the advertise host); else {@code 421} (DNS rebinding).</li>
 *   <li>{@code Origin}, when present, must be the admin port's own origin ({@code http://} + the {@code Host});
 *       else {@code 403} (a cross-origin page).</li>
 *   <li>With a token, every endpoint but the probes' {@code /ready}, {@code /live} and {@code /metrics} needs
 *       {@code Authorization: Bearer <token>}; else {@code 401}.</li>
 *   <li>A mutating request ({@code POST}) must have no body and no form content type, or a non-simple content
 *       type (e.g. {@code application/json}): a browser sends {@code text/plain}, form and multipart bodies
 *       cross-origin without a preflight; else {@code 415}.</li>
 * </ol>
 * A request without {@code Host} (HTTP/1.0) passes the first rule: browsers always send one.
 */
public final class AdminAccess implements AdminGate {

    /** Read-only endpoints that probes and scrapers reach without the token. */
    static final Set<String> OPEN_PATHS = Set.of("/ready", "/live", "/metrics");
    /** The CORS-safelisted request content types: what a page may send cross-origin without a preflight. */
    private static final Set<String> SIMPLE_CONTENT_TYPES = Set.of("text/plain", "application/x-www-form-urlencoded",
            "multipart/form-data");
    private static final Set<String> LOCAL_NAMES = Set.of("localhost", "[::1]");

    private final Set<String> hosts;
    private final byte[] token;

    /**
     * @param hosts more names or addresses of this host that a {@code Host} header may carry (the admin bind
     *              address, the advertise host); loopback ones are always accepted
     * @param token the bearer token the non-probe endpoints require; empty or null for none
     */
    public AdminAccess(Set<String> hosts, String token) {
        this.hosts = hosts.stream().map(AdminAccess::configuredName).collect(Collectors.toUnmodifiableSet());
        this.token = token == null || token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    /** Loopback names only, no token. */
    public static AdminAccess localOnly() {
        return new AdminAccess(Set.of(), null);
    }

    /** What of a request the rules read. Header values may be null (absent). */
    public record Request(String method, String path, String host, String origin, String contentType,
                          boolean hasBody, String authorization) {
    }

    /**
     * The rules on a request of the admin server: on its head (no body read yet, so only a declared body type can
     * refuse it) and again with its body. The probes' paths are this class's {@link #OPEN_PATHS}.
     */
    @Override
    public AdminResponse refusal(AdminRequest request, boolean openRoute) {
        return refusal(new Request(request.method(), request.path(), request.host(), request.origin(),
                request.contentType(), request.body().length > 0, request.authorization()));
    }

    /** {@code null} when the request may proceed, else the answer that refuses it. */
    public AdminResponse refusal(Request request) {
        if (request.host() != null && !isLocal(hostName(request.host()))) {
            return problem(421, "misdirected-request", "Misdirected Request", request, "host: '" + request.host()
                    + "' (expected: localhost, a loopback address or one of " + hosts.stream().sorted().toList()
                    + "; the admin port serves this host only)");
        }
        if (request.origin() != null && !sameOrigin(request.origin(), request.host())) {
            return problem(403, "forbidden", "Forbidden", request, "origin: '" + request.origin()
                    + "' (expected: no Origin, or the admin port's own origin http://" + request.host() + ")");
        }
        if (token != null && !OPEN_PATHS.contains(request.path()) && !authorized(request.authorization())) {
            AdminResponse problem = problem(401, "unauthorized", "Unauthorized", request, "authorization: "
                    + (request.authorization() == null ? "missing" : "wrong token")
                    + " (expected: Authorization: Bearer <the sidecar's --admin-token>)");
            return problem.withHeader("www-authenticate", "Bearer realm=\"banyan-sidecar-admin\"");
        }
        if (!"GET".equals(request.method()) && !"HEAD".equals(request.method()) && browserSendable(request)) {
            return problem(415, "unsupported-media-type", "Unsupported Media Type", request, "content-type: "
                    + (request.contentType() == null ? "none with a body" : "'" + request.contentType() + "'")
                    + " (expected: no body, or a body of a non-form type such as application/json)");
        }
        return null;
    }

    private static AdminResponse problem(int status, String type, String title, Request request, String detail) {
        return Problem.of(new ApiException(status, type, title, detail, null), request.path()).toResponse();
    }

    /** A body or content type that a page may send cross-origin without a preflight. */
    private static boolean browserSendable(Request request) {
        if (request.contentType() == null) {
            return request.hasBody();
        }
        String media = request.contentType().split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return SIMPLE_CONTENT_TYPES.contains(media);
    }

    private boolean isLocal(String name) {
        return LOCAL_NAMES.contains(name) || name.startsWith("127.") && name.matches("127(\\.\\d{1,3}){3}")
                || hosts.contains(name);
    }

    private static boolean sameOrigin(String origin, String host) {
        return host != null && origin.equalsIgnoreCase("http://" + host);
    }

    private boolean authorized(String authorization) {
        byte[] presented = BearerAuth.presented(authorization);
        return presented != null && MessageDigest.isEqual(presented, token);
    }

    /** A configured host as a {@code Host} header names it: lower-case, an IPv6 literal in brackets. */
    private static String configuredName(String host) {
        String value = host.trim().toLowerCase(Locale.ROOT);
        return value.indexOf(':') >= 0 && !value.startsWith("[") ? "[" + value + "]" : value;
    }

    /** The name of a {@code Host} value without its port, lower-case; an IPv6 literal keeps its brackets. */
    static String hostName(String host) {
        String value = host.trim().toLowerCase(Locale.ROOT);
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            return end < 0 ? value : value.substring(0, end + 1);
        }
        int colon = value.indexOf(':');
        return colon < 0 ? value : value.substring(0, colon);
    }
}
