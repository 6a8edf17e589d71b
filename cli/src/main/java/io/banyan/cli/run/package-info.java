/** Keeping a long-running command alive until SIGINT/SIGTERM, then closing it gracefully. */
package io.banyan.cli.run;
