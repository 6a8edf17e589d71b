package io.banyan.testkit.etcd;

import org.awaitility.Awaitility;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real etcd cluster for tests: {@code members} processes of Debian's {@code etcd-server} ({@value #BINARY}) on free
 * 127.0.0.1 ports, each with a temporary data directory and a log file beside it. {@link #start} returns once every
 * member answers {@code /health}; {@link #kill} is a SIGKILL, {@link #restart} starts a killed member again on its data.
 * {@code .ci/run} installs etcd; {@link #available()} lets a developer machine without it skip cleanly.
 */
public final class EtcdCluster implements AutoCloseable {

    static final String BINARY = "/usr/bin/etcd";
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Pattern MEMBER_ID = Pattern.compile("\"member_id\"\\s*:\\s*\"?(\\d+)");
    private static final Pattern LEADER = Pattern.compile("\"leader\"\\s*:\\s*\"?(\\d+)");

    private final Path root;
    private final List<EtcdMember> members;
    private final String initialCluster;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private EtcdCluster(Path root, List<EtcdMember> members) {
        this.root = root;
        this.members = members;
        this.initialCluster = members.stream().map(m -> m.name() + "=" + m.peerUrl()).collect(Collectors.joining(","));
        this.token = "banyan-test-" + UUID.randomUUID();
    }

    /** Whether the etcd binary is installed here. */
    public static boolean available() {
        return Files.isExecutable(Path.of(BINARY));
    }

    /** Starts a cluster of {@code members} (1, 3 or 5) and waits until every member is healthy. */
    public static EtcdCluster start(int members) {
        return start(members, null);
    }

    /**
     * As {@link #start(int)}, the client URLs {@code https://localhost:PORT} requiring client certificates as
     * {@code tls} says ({@link #leader} then cannot be asked: it speaks plain HTTP).
     */
    public static EtcdCluster start(int members, EtcdTls tls) {
        if (members < 1) {
            throw new IllegalArgumentException("members: " + members + " (expected: >= 1)");
        }
        Path root;
        try {
            root = Files.createTempDirectory("banyan-etcd-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<EtcdMember> list = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            list.add(new EtcdMember("m" + i, freePort(), freePort(), freePort(), tls, root.resolve("m" + i),
                    root.resolve("m" + i + ".log")));
        }
        EtcdCluster cluster = new EtcdCluster(root, list);
        try {
            for (int i = 0; i < members; i++) {
                cluster.startMember(i);
            }
            for (int i = 0; i < members; i++) {
                cluster.awaitHealthy(i);
            }
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** The members' client URLs ({@code http://127.0.0.1:PORT}), by index. */
    public List<String> clientUrls() {
        return members.stream().map(EtcdMember::clientUrl).toList();
    }

    /** The client URLs joined with commas: what {@code --etcd-endpoints} takes. */
    public String endpoints() {
        return String.join(",", clientUrls());
    }

    public int size() {
        return members.size();
    }

    /** SIGKILLs member {@code index} and waits until its process is gone. */
    public void kill(int index) {
        members.get(index).kill();
    }

    /** Starts the killed member {@code index} again on its data directory and waits until it is healthy. */
    public void restart(int index) {
        if (members.get(index).alive()) {
            throw new IllegalStateException("member " + index + " is running");
        }
        startMember(index);
        awaitHealthy(index);
    }

    /** Whether member {@code index}'s process runs. */
    public boolean alive(int index) {
        return members.get(index).alive();
    }

    /**
     * The index of the member that is the raft leader now, as the running members report it; waits (up to a minute)
     * while an election is in progress.
     */
    public int leader() {
        int[] found = {-1};
        Awaitility.await("an etcd leader").atMost(STARTUP).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    found[0] = findLeader().orElse(-1);
                    return found[0] >= 0;
                });
        return found[0];
    }

    /** The member log files (what to read when a test fails). */
    public List<Path> logFiles() {
        return members.stream().map(EtcdMember::logFile).toList();
    }

    @Override
    public void close() {
        members.forEach(EtcdMember::kill);
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is not a test failure
        }
    }

    private void startMember(int index) {
        try {
            members.get(index).start(initialCluster, token);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + BINARY + " (install etcd-server)", e);
        }
    }

    private void awaitHealthy(int index) {
        EtcdMember member = members.get(index);
        Awaitility.await("etcd member " + member.name() + " healthy (log: " + member.logFile() + ")")
                .atMost(STARTUP).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    if (!member.alive()) {
                        throw new IllegalStateException("etcd member " + member.name() + " exited; log: "
                                + Files.readString(member.logFile()));
                    }
                    return get(member.metricsUrl() + "/health").map(body -> body.contains("\"true\"")).orElse(false);
                });
    }

    private Optional<Integer> findLeader() {
        for (int i = 0; i < members.size(); i++) {
            EtcdMember member = members.get(i);
            if (!member.alive()) {
                continue;
            }
            Optional<String> status = post(member.clientUrl() + "/v3/maintenance/status", "{}");
            if (status.isEmpty()) {
                continue;
            }
            Matcher id = MEMBER_ID.matcher(status.get());
            Matcher leader = LEADER.matcher(status.get());
            if (id.find() && leader.find() && id.group(1).equals(leader.group(1))) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    private Optional<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build());
    }

    private Optional<String> post(String url, String body) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private Optional<String> send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
