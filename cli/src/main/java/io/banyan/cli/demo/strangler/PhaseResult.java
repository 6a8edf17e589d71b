package io.banyan.cli.demo.strangler;

/**
 * What one step of the migration saw.
 *
 * @param step       the step
 * @param transition from the change until it was seen in effect (failures count; the split is in motion)
 * @param settled    the step's steady stretch after that, whose split must be the step's
 */
public record PhaseResult(MigrationStep step, PhaseCounts transition, PhaseCounts settled) {
}
