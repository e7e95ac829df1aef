package dev.zck.cli;

import dev.zck.reports.CheckResult;
import dev.zck.reports.ImplementationEntry;
import dev.zck.reports.RunReport;
import dev.zck.spec.Verdict;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The verdict tables {@code zck run} prints: verdicts per implementation, then the interop matrix of pairs. */
final class VerdictTables {
    private VerdictTables() {}

    static void print(RunReport report, PrintWriter out) {
        List<String> header = new ArrayList<>(List.of("implementation", "version"));
        for (Verdict verdict : Verdict.values()) {
            header.add(verdict.name());
        }
        TextTable byImpl = new TextTable(header.toArray(String[]::new));
        for (ImplementationEntry impl : report.implementations()) {
            List<String> row = new ArrayList<>(List.of(impl.id(), (impl.name() + " " + impl.version()).strip()));
            for (Verdict verdict : Verdict.values()) {
                long n = report.results().stream()
                        .filter(r -> involves(r, impl.id()))
                        .filter(r -> r.verdict() == verdict)
                        .count();
                row.add(n == 0 ? "." : Long.toString(n));
            }
            byImpl.row(row.toArray(String[]::new));
        }
        out.println();
        out.println("Verdicts per implementation (checks between two implementations count for both):");
        byImpl.print(out);

        List<String> ids =
                report.implementations().stream().map(ImplementationEntry::id).toList();
        if (ids.size() > 1 && report.results().stream().anyMatch(r -> r.peer() != null)) {
            List<String> matrixHeader = new ArrayList<>(List.of("interop (passed/run)"));
            matrixHeader.addAll(ids);
            TextTable matrix = new TextTable(matrixHeader.toArray(String[]::new));
            for (String a : ids) {
                List<String> row = new ArrayList<>(List.of(a));
                for (String b : ids) {
                    row.add(a.equals(b) ? "-" : pairCell(report, a, b));
                }
                matrix.row(row.toArray(String[]::new));
            }
            out.println();
            out.println("Interop matrix (checks that ran, excluding UNSUPPORTED; every pair in both roles):");
            matrix.print(out);
        }
        Map<Verdict, Integer> summary = report.summary();
        out.println();
        out.printf(
                "%d checks: %d passed, %d failed, %d unsupported, %d crashed, %d hung, %d protocol errors,"
                        + " %d errors; %s%n",
                report.results().size(),
                summary.get(Verdict.PASS),
                summary.get(Verdict.FAIL),
                summary.get(Verdict.UNSUPPORTED),
                summary.get(Verdict.CRASHED),
                summary.get(Verdict.HUNG),
                summary.get(Verdict.PROTOCOL_ERROR),
                summary.get(Verdict.ERROR),
                report.failed() ? "RUN FAILED" : "run passed");
    }

    private static boolean involves(CheckResult result, String id) {
        return result.implementation().equals(id) || id.equals(result.peer());
    }

    private static String pairCell(RunReport report, String a, String b) {
        List<CheckResult> pair = report.results().stream()
                .filter(r -> r.peer() != null)
                .filter(r -> (r.implementation().equals(a) && Objects.equals(r.peer(), b))
                        || (r.implementation().equals(b) && Objects.equals(r.peer(), a)))
                .filter(r -> r.verdict() != Verdict.UNSUPPORTED)
                .toList();
        if (pair.isEmpty()) {
            return "n/a";
        }
        long passed = pair.stream().filter(r -> r.verdict() == Verdict.PASS).count();
        return passed + "/" + pair.size() + (passed == pair.size() ? "" : " !");
    }
}
