/** A small java.net.http client of the control plane's admin REST API, shared by ctl and the demo. */
package io.banyan.cli.admin;
