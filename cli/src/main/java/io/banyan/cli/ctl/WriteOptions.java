package io.banyan.cli.ctl;

import io.banyan.cli.admin.AdminAnswer;
import io.banyan.cli.admin.AdminClient;
import picocli.CommandLine.Option;

import java.io.IOException;

/**
 * {@code --dry-run} and {@code --if-match ETAG}, mixed into every configuration write: the first sends
 * {@code ?dryRun=true} (the control plane answers what would change and stores nothing), the second the
 * {@code If-Match} header (a write over a newer version is refused with 412, exit 4).
 */
public final class WriteOptions {

    @Option(names = "--dry-run", description = "Validate and show what would change, storing nothing (?dryRun=true).")
    boolean dryRun;

    @Option(names = "--if-match", paramLabel = "ETAG",
            description = "Write only if the object is still at this ETag (as a GET showed it: \"12\" or 12); else exit 4.")
    String ifMatch;

    /** {@code method} on {@code path} with {@code body} (null: none), as these options ask. */
    AdminAnswer send(AdminClient client, String method, String path, Object body) throws IOException, InterruptedException {
        return client.send(method, path(path), body, ifMatch());
    }

    /** {@code path} with {@code dryRun=true} added to its query when {@code --dry-run}. */
    String path(String path) {
        return dryRun(path, dryRun);
    }

    /** The {@code If-Match} value: the ETag as given, quoted when it was given bare; null without {@code --if-match}. */
    String ifMatch() {
        return quoted(ifMatch);
    }

    static String dryRun(String path, boolean dryRun) {
        return dryRun ? path + (path.contains("?") ? "&" : "?") + "dryRun=true" : path;
    }

    static String quoted(String etag) {
        if (etag == null || etag.isBlank()) {
            return null;
        }
        String value = etag.strip();
        return value.startsWith("\"") || value.startsWith("W/") || value.equals("*") ? value : "\"" + value + "\"";
    }
}
