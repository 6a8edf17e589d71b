package io.banyan.cli.demo.strangler;

import java.util.List;

/**
 * What a whole run of the demo saw.
 *
 * @param steps      each step of the plan, in order
 * @param badRelease the bad release's phase
 */
record StranglerRun(List<PhaseResult> steps, BadReleaseResult badRelease) {

    StranglerRun {
        steps = List.copyOf(steps);
    }
}
