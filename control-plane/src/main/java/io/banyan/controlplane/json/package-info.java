/** The control plane's one strict JSON set-up, shared by the admin API's bodies and the stored policies. */
package io.banyan.controlplane.json;
