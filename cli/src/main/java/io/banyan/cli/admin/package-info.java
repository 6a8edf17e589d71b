/** A small java.net.http client of the control plane's admin REST API (answers as {@code AdminAnswer}, errors as the admin server's {@code Problem}), shared by ctl and the demo. */
package io.banyan.cli.admin;
