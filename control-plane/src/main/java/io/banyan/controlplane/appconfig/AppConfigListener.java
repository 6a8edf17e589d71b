package io.banyan.controlplane.appconfig;

/** Told of every change to the app configuration the mesh publishes. */
@FunctionalInterface
public interface AppConfigListener {

    void onAppConfig(AppConfigSnapshot snapshot);
}
