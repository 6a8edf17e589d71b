package io.banyan.cli.ctl.apply;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of object a declarative file may hold, in the order {@code ctl apply} writes them (services first, then
 * what hangs on a service, then routes, gateway routes and migrations, which name services), each with the admin
 * path it is read from and written to.
 */
public enum DocumentKind {
    SERVICE("Service", "/v1/services/%s"),
    POLICY("Policy", "/v1/services/%s/policy"),
    AUTHORIZATION("Authorization", "/v1/services/%s/authorization"),
    AUTHORIZATION_DEFAULT("AuthorizationDefault", "/v1/authorization/default"),
    CONFIG("Config", "/v1/services/%s/config"),
    ROUTES("Routes", "/v1/services/%s/routes"),
    GATEWAY_ROUTES("GatewayRoutes", "/v1/gateways/%s/routes"),
    MIGRATION("Migration", "/v1/migrations/%s");

    /** Where a migration is created (POST); every other kind is written with PUT on its own path. */
    public static final String MIGRATIONS = "/v1/migrations";

    private final String shown;
    private final String path;

    DocumentKind(String shown, String path) {
        this.shown = shown;
        this.path = path;
    }

    /** The kind by its name in a file ({@code Policy}), exactly. */
    public static Optional<DocumentKind> named(String name) {
        return Arrays.stream(values()).filter(kind -> kind.shown.equals(name)).findFirst();
    }

    /** The names a file may use, for messages. */
    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(DocumentKind::shown).toList());
    }

    /** Its name in files and in apply's output. */
    public String shown() {
        return shown;
    }

    /** Whether a document of this kind needs a name (the authorization default is the mesh's one). */
    public boolean named() {
        return path.contains("%s");
    }

    /** The live object's path. */
    public String path(String name) {
        return named() ? String.format(path, URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20")) : path;
    }
}
