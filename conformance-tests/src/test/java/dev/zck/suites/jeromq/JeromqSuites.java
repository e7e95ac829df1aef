package dev.zck.suites.jeromq;

/**
 * The pattern suites against JeroMQ, through its adapter. They are off in the normal build, because JeroMQ may
 * legitimately fail rules (a failing rule is a finding about JeroMQ, not a broken build); run them with {@code
 * -Dzck.suites.jeromq=true}, e.g. {@code ./mvnw -o -pl conformance-tests -am test -Dzck.suites.jeromq=true
 * -Dtest='Jeromq*Test' -Dsurefire.failIfNoSpecifiedTests=false}.
 */
final class JeromqSuites {
    static final String PROPERTY = "zck.suites.jeromq";
    static final String DISABLED = "JeroMQ suite runners are off unless -Dzck.suites.jeromq=true";

    private JeromqSuites() {}
}
