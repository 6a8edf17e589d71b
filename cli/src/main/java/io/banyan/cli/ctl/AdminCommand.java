package io.banyan.cli.ctl;

import io.banyan.cli.options.ConfigOption;
import io.banyan.cli.options.HelpOption;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** A ctl command: help, {@code --config} and the admin API's URL, token and timeout. */
abstract class AdminCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Mixin
    HelpOption help;
    @Mixin
    ConfigOption config;
    @Mixin
    AdminOptions admin;
}
