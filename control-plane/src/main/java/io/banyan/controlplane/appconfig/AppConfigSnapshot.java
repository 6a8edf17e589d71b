package io.banyan.controlplane.appconfig;

import io.banyan.dataplane.config.AppConfig;

import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The app configuration of every service that has one and whose secrets decrypt, as delivered (secrets in
 * plaintext), at one revision; and the services whose stored configuration is not published, each with why (no
 * secret in it). Immutable; its text names services only.
 */
public record AppConfigSnapshot(long revision, SortedMap<String, AppConfig> configs,
                                SortedMap<String, String> unreadable) {

    public AppConfigSnapshot {
        configs = Collections.unmodifiableSortedMap(new TreeMap<>(configs));
        unreadable = Collections.unmodifiableSortedMap(new TreeMap<>(unreadable));
    }

    public static AppConfigSnapshot empty() {
        return new AppConfigSnapshot(0, new TreeMap<>(), new TreeMap<>());
    }

    public Optional<AppConfig> of(String service) {
        return Optional.ofNullable(configs.get(service));
    }

    @Override
    public String toString() {
        return "AppConfigSnapshot[revision=" + revision + ", services=" + configs.keySet() + ", unreadable="
                + unreadable.keySet() + "]";
    }
}
