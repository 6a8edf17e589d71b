package io.banyan.e2e;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ARCHITECTURE.md's package tables and the code agree: every package of every module has its line, and no line
 * names a package that is gone. The sidecar's table names its packages relative to {@code io.banyan.sidecar}.
 */
class ModuleMapTest {

    private static final Path ROOT = Path.of("..");
    private static final String SIDECAR_SECTION = "## The sidecar's packages";
    private static final Pattern PACKAGE_CELL = Pattern.compile("^\\|[^|]*\\| `([a-z0-9.]+)` \\|", Pattern.MULTILINE);

    @Test
    void everyPackageHasItsLineAndEveryLineItsPackage() throws IOException {
        Set<String> inCode = packagesInCode();
        Set<String> inDoc = packagesInDoc(Files.readString(ROOT.resolve("ARCHITECTURE.md")));

        assertThat(inCode).as("packages in the code").hasSizeGreaterThan(40);
        assertThat(difference(inCode, inDoc)).as("packages missing from ARCHITECTURE.md").isEmpty();
        assertThat(difference(inDoc, inCode)).as("ARCHITECTURE.md lines naming no package").isEmpty();
    }

    private static Set<String> packagesInCode() throws IOException {
        Set<String> packages = new TreeSet<>();
        try (Stream<Path> modules = Files.walk(ROOT, 2)) { // modules and nested ones (bench/jmh)
            for (Path sources : modules.filter(module -> !module.getFileName().toString().startsWith("."))
                    .map(module -> module.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.walk(sources)) {
                    files.filter(file -> file.toString().endsWith(".java"))
                            .map(file -> sources.relativize(file.getParent()).toString().replace('/', '.'))
                            .forEach(packages::add);
                }
            }
        }
        return packages;
    }

    private static Set<String> packagesInDoc(String architecture) {
        int sidecarStart = architecture.indexOf(SIDECAR_SECTION);
        assertThat(sidecarStart).as("the section " + SIDECAR_SECTION).isNotNegative();
        int sidecarEnd = architecture.indexOf("\n## ", sidecarStart + 1);
        Set<String> packages = new TreeSet<>();
        Matcher cells = PACKAGE_CELL.matcher(architecture);
        while (cells.find()) {
            String name = cells.group(1);
            boolean inSidecarTable = cells.start() > sidecarStart && cells.start() < sidecarEnd;
            packages.add(inSidecarTable && !name.startsWith("io.banyan.") ? "io.banyan.sidecar." + name : name);
        }
        return packages;
    }

    private static Set<String> difference(Set<String> left, Set<String> right) {
        Set<String> result = new TreeSet<>(left);
        result.removeAll(right);
        return result;
    }
}
