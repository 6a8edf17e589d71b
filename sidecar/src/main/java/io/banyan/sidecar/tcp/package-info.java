/** Opaque TCP proxying (Envoy's tcp_proxy): each accepted connection whose caller is authorized is relayed as bytes, with half-close, to an endpoint of one cluster, until its peers close it, it idles out or the data plane drains; and the connect probe of a TCP app. */
package io.banyan.sidecar.tcp;
