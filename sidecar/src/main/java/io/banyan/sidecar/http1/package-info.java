/** HTTP/1.1 strictness and slow-client protection on every sidecar listener, between the server codec and the frontend. */
package io.banyan.sidecar.http1;
