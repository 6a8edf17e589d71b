package io.banyan.cli.demo;

/**
 * One of the demo's own checks.
 *
 * @param name   what is checked, stated with its threshold
 * @param passed whether it held
 * @param detail the numbers behind it
 */
public record CheckResult(String name, boolean passed, String detail) {

    @Override
    public String toString() {
        return (passed ? "PASS  " : "FAIL  ") + name + " — " + detail;
    }
}
