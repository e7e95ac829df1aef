package dev.zck.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.rules.Rule;
import dev.zck.rules.RuleCatalog;
import dev.zck.rules.RuleId;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The fault scenarios live outside {@code dev.zck.suites}, where RuleIdsTest does not look: every one of them names
 * rules that exist, and its display name starts with them.
 */
class FaultProxyRuleIdsTest {

    @Test
    void everyScenarioNamesItsRules() {
        Set<String> known = RuleCatalog.standard().all().stream().map(Rule::id).collect(Collectors.toSet());
        List<String> problems = new ArrayList<>();
        int tests = 0;
        for (Method method : FaultProxyScenarios.class.getDeclaredMethods()) {
            if (!method.isAnnotationPresent(Test.class)) {
                continue;
            }
            tests++;
            RuleId ids = method.getAnnotation(RuleId.class);
            DisplayName name = method.getAnnotation(DisplayName.class);
            if (ids == null || name == null) {
                problems.add(method.getName() + " lacks @RuleId or @DisplayName");
                continue;
            }
            for (String id : ids.value()) {
                if (!known.contains(id)) {
                    problems.add(method.getName() + " names unknown rule " + id);
                }
            }
            if (!name.value().startsWith(String.join(", ", ids.value()) + ": ")) {
                problems.add(method.getName() + "'s display name does not start with its rule IDs: " + name.value());
            }
        }
        assertThat(tests).isPositive();
        assertThat(problems).isEmpty();
    }
}
