package dev.zck.rules;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The catalog rules a test checks. Reports read it to put a verdict against each rule, and a build test checks that
 * every ID named here exists in {@code spec/rules.yaml}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RuleId {
    /** One or more rule IDs, e.g. {@code PUSH-ROUND-ROBIN}. */
    String[] value();
}
