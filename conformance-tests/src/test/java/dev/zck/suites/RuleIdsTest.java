package dev.zck.suites;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.contract.AdapterContract;
import dev.zck.rules.Rule;
import dev.zck.rules.RuleCatalog;
import dev.zck.rules.RuleId;
import dev.zck.rules.Source;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every rule ID a suite or the adapter contract names exists in the catalog, and every test of theirs names at least
 * one.
 */
class RuleIdsTest {

    @Test
    void everySuiteTestNamesRulesThatExist() throws Exception {
        Set<String> known =
                RuleCatalog.standard().all().stream().map(r -> r.id()).collect(Collectors.toSet());
        List<String> problems = new ArrayList<>();
        int tests = 0;
        for (Class<?> suite : suiteClasses()) {
            for (Method method : suite.getDeclaredMethods()) {
                boolean isTest = method.isAnnotationPresent(EachTransport.class)
                        || method.isAnnotationPresent(org.junit.jupiter.api.Test.class)
                        || method.isAnnotationPresent(org.junit.jupiter.params.ParameterizedTest.class);
                if (!isTest) {
                    continue;
                }
                tests++;
                RuleId ids = method.getAnnotation(RuleId.class);
                if (ids == null) {
                    problems.add(suite.getSimpleName() + "." + method.getName() + " names no rule");
                    continue;
                }
                for (String id : ids.value()) {
                    if (!known.contains(id)) {
                        problems.add(suite.getSimpleName() + "." + method.getName() + " names unknown rule " + id);
                    }
                }
            }
        }
        assertThat(tests).isPositive();
        assertThat(problems).isEmpty();
    }

    @Test
    void theAdapterContractChecksEverySpiRule() {
        Set<String> named = Arrays.stream(AdapterContract.class.getDeclaredMethods())
                .map(method -> method.getAnnotation(RuleId.class))
                .filter(Objects::nonNull)
                .flatMap(ids -> Arrays.stream(ids.value()))
                .collect(Collectors.toSet());
        List<String> spi = RuleCatalog.standard().select(rule -> rule.source() == Source.SPI).stream()
                .map(Rule::id)
                .toList();
        assertThat(spi).isNotEmpty();
        assertThat(named).as("rules the adapter contract checks").containsAll(spi);
    }

    /** The suite classes in the main jar (dev.zck.suites and its subpackages) and the adapter contract. */
    static List<Class<?>> suiteClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(SuiteBase.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Path base = root.resolve("dev/zck/suites");
        List<Class<?>> classes = new ArrayList<>(List.of(AdapterContract.class));
        try (Stream<Path> files = Files.walk(base)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith("Suite.class")).toList()) {
                String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                classes.add(Class.forName(name));
            }
        }
        return classes;
    }
}
