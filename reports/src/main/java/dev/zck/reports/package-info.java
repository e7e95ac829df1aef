/**
 * Writes results as report.json, JUnit XML, Allure results and a self-contained HTML matrix. Reads results and the
 * rule catalog only.
 */
package dev.zck.reports;
