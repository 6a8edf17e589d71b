/** Where option values come from (flags, then BANYAN_* environment, then the --config YAML file) and how they are converted and reported. */
package io.banyan.cli.options;
