/** {@code banyan demo strangler}: the Strangler Fig migration (a monolith behind a gateway, its paths moved one by one to new services, then retired) under live traffic, counted per path and per server. */
package io.banyan.cli.demo.strangler;
