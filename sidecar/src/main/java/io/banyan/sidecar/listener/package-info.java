/** The data plane's listeners: event loops, binding and reconciling listeners per config, their pipelines. */
package io.banyan.sidecar.listener;
