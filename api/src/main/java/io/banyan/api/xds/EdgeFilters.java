package io.banyan.api.xds;

/**
 * The names of a gateway's end-user http filters and of Banyan's own extensions among them, shared by the control
 * plane that writes them and the data plane that reads them (docs/xds.md, "End-user policy at the gateway"). Envoy's
 * own filters keep Envoy's names; Banyan's are {@code xds.type.v3.TypedStruct}s whose {@code type_url} names the
 * extension and whose {@code value} holds the fields below.
 */
public final class EdgeFilters {

    public static final String CORS = "envoy.filters.http.cors";
    public static final String JWT_AUTHN = "envoy.filters.http.jwt_authn";
    public static final String API_KEY_AUTH = "envoy.filters.http.api_key_auth";
    /** Banyan's per-client token buckets. */
    public static final String CLIENT_RATE_LIMIT = "banyan.filters.http.client_rate_limit";
    /** Banyan's request body limit (413), streaming: nothing is buffered. */
    public static final String REQUEST_BODY_LIMIT = "banyan.filters.http.request_body_limit";

    /** TypedStruct type_url of the client rate limit filter ({@code max_clients}) and of its per-route config. */
    public static final String CLIENT_RATE_LIMIT_TYPE = "type.banyan.io/banyan.edge.v1.ClientRateLimit";
    /** TypedStruct type_url of the body limit filter (no fields) and of its per-route config. */
    public static final String REQUEST_BODY_LIMIT_TYPE = "type.banyan.io/banyan.edge.v1.RequestBodyLimit";

    /** Per route: {@code api_key} | {@code jwt_subject} | {@code client_ip}. */
    public static final String FIELD_KEY = "key";
    public static final String FIELD_REQUESTS_PER_SECOND = "requests_per_second";
    public static final String FIELD_BURST = "burst";
    /** Filter level: the most clients with a bucket at once. */
    public static final String FIELD_MAX_CLIENTS = "max_clients";
    public static final String FIELD_MAX_REQUEST_BYTES = "max_request_bytes";

    public static final String KEY_API_KEY = "api_key";
    public static final String KEY_JWT_SUBJECT = "jwt_subject";
    public static final String KEY_CLIENT_IP = "client_ip";

    /** The request header that tells the upstream which API key was presented (by name, never the key). */
    public static final String API_KEY_NAME_HEADER = "x-api-key-name";
    /** The clients a gateway keeps buckets for at once, unless the filter says otherwise. */
    public static final int DEFAULT_MAX_CLIENTS = 100_000;
    /** The clock skew allowed on {@code exp} and {@code nbf}. */
    public static final int JWT_CLOCK_SKEW_SECONDS = 60;

    private EdgeFilters() {
    }
}
