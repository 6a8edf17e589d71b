/** The sidecar as its instance's registry agent: register when the app is healthy, heartbeat, deregister on close. */
package io.banyan.sidecar.registration;
