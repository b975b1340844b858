/**
 * Ends the run with one plain line, `N passed, N failed, N skipped`, that tools reading only
 * the last lines of the output can count.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(
      `\ntests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ` +
        `${skipped} skipped\n`,
    );
  }
}

module.exports = SummaryReporter;
