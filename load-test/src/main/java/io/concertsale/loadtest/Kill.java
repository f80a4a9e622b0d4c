package io.concertsale.loadtest;

import java.time.Duration;

/**
 * One kill of the chaos mode.
 *
 * @param number 1 for the first
 * @param pid the launcher's process
 * @param at how long into the run
 * @param upFor how long the sale had served since its start or the last restart
 * @param exitValue the process's exit status: 137 (128 + SIGKILL) when the kill is what ended it
 * @param unfinishedFans fans who had not reached a final stage then
 * @param deliveriesPending the local broker's deliveries under way just before (accepted, not yet delivered: what
 *        its log must keep), -1 when it did not say
 * @param downFor from the kill until the sale served again
 */
public record Kill(int number, long pid, Duration at, Duration upFor, int exitValue, int unfinishedFans,
        int deliveriesPending, Duration downFor) {

    public boolean bySigkill() {
        return exitValue == LauncherProcess.SIGKILL_EXIT;
    }
}
