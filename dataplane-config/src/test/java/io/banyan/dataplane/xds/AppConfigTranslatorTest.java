package io.banyan.dataplane.xds;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.banyan.dataplane.config.AppConfig;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.GenericSecret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AppConfigTranslatorTest {

    private final AppConfigTranslator translator = new AppConfigTranslator();
    private final ResourceDecoder decoder = new ResourceDecoder();

    @Test
    void whatTheControlPlaneEncodesTheSidecarDecodes() {
        AppConfig config = new AppConfig("12", Map.of("n", IntNode.valueOf(3), "pw", TextNode.valueOf("s3cret")));
        Secret secret = translator.encode("orders", config);

        assertThat(secret.getName()).isEqualTo("app-config/orders");
        ResourceDecoder.Decoded<AppConfig> decoded = decoder.appConfigs(List.of(Any.pack(secret)));
        assertThat(decoded.valid()).isTrue();
        assertThat(decoded.resources()).containsExactly(Map.entry("app-config/orders", config));
    }

    @Test
    void aSecretThatIsNotAnAppConfigurationIsRefusedNamingIt() {
        Secret notJson = Secret.newBuilder().setName("app-config/orders").setGenericSecret(GenericSecret.newBuilder()
                .setSecret(DataSource.newBuilder().setInlineBytes(ByteString.copyFromUtf8("{not json")))).build();
        Secret noVersion = notJson.toBuilder().setGenericSecret(GenericSecret.newBuilder().setSecret(
                DataSource.newBuilder().setInlineBytes(ByteString.copyFromUtf8("{\"values\": {}}")))).build();
        Secret otherName = translator.encode("orders", new AppConfig("1", Map.of())).toBuilder().setName("tls-cert")
                .build();

        ResourceDecoder.Decoded<AppConfig> decoded = decoder.appConfigs(List.of(Any.pack(notJson)));
        assertThat(decoded.rejected()).containsOnlyKeys("app-config/orders");
        assertThat(decoded.errorMessage()).startsWith("secret app-config/orders: generic_secret.secret.inline_bytes is"
                + " not JSON");
        assertThat(decoder.appConfigs(List.of(Any.pack(noVersion))).errorMessage()).contains("expected: {\"version\"");
        assertThat(decoder.appConfigs(List.of(Any.pack(otherName))).errorMessage())
                .isEqualTo("secret tls-cert: name (expected: app-config/<service>)");
    }
}
