/** The {@code banyan ctl} commands: an operator's client of the admin REST API that prints JSON answers. */
package io.banyan.cli.ctl;
