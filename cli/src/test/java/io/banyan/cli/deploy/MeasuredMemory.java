package io.banyan.cli.deploy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The peak RSS measurements deploy/README.md cites ("Memory": {@code | sidecar ... | 200 MiB | ...}), which every memory
 * limit in {@code deploy/} must cover.
 */
final class MeasuredMemory {

    private static final long MIB = 1024L * 1024;

    private MeasuredMemory() {
    }

    /** The measured peak RSS in bytes of the process that runs {@code command} (sidecar, gateway, control-plane). */
    static long peakBytes(String command) {
        String row = switch (command) {
            case "sidecar", "gateway" -> "sidecar";
            case "control-plane" -> "control plane";
            default -> throw new IllegalArgumentException("command: " + command
                    + " (expected: sidecar, gateway or control-plane: the commands whose memory deploy/README.md cites)");
        };
        Pattern pattern = Pattern.compile("(?m)^\\| " + Pattern.quote(row) + "\\b[^|]*\\| (\\d+) MiB \\|");
        Matcher matcher = pattern.matcher(DeployFiles.read(DeployFiles.DEPLOY.resolve("README.md")));
        if (!matcher.find()) {
            throw new AssertionError("deploy/README.md: no row '| " + row + " ... | N MiB |' in section Memory");
        }
        return Long.parseLong(matcher.group(1)) * MIB;
    }
}
