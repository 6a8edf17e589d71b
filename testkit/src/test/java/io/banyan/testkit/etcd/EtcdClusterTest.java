package io.banyan.testkit.etcd;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class EtcdClusterTest {

    @Test
    void aKilledLeaderIsReplacedAndComesBackWithTheData() throws Exception {
        assumeTrue(EtcdCluster.available(), "etcd-server is not installed");
        try (EtcdCluster etcd = EtcdCluster.start(3)) {
            assertThat(etcd.clientUrls()).hasSize(3).doesNotHaveDuplicates();
            int leader = etcd.leader();
            assertThat(put(etcd.clientUrls().get(leader), "k", "v")).isEqualTo(200);

            etcd.kill(leader);
            assertThat(etcd.alive(leader)).isFalse();
            int next = etcd.leader();
            assertThat(next).isNotEqualTo(leader);

            etcd.restart(leader);
            assertThat(range(etcd.clientUrls().get(leader), "k")).contains(b64("v"));
        }
    }

    private static int put(String url, String key, String value) throws Exception {
        return post(url + "/v3/kv/put", "{\"key\":\"" + b64(key) + "\",\"value\":\"" + b64(value) + "\"}").statusCode();
    }

    private static String range(String url, String key) throws Exception {
        return post(url + "/v3/kv/range", "{\"key\":\"" + b64(key) + "\"}").body();
    }

    private static HttpResponse<String> post(String url, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(UTF_8));
    }
}
