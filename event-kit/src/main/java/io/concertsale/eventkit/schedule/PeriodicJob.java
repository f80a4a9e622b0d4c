package io.concertsale.eventkit.schedule;

import java.time.Duration;
import java.util.Objects;

/**
 * Work a service does again and again while it runs: a sweep, a poll, a report, an admission pass. Declare one as a
 * bean and {@link PeriodicJobs} runs it, every {@code interval} from {@code initialDelay} after start, each run on a
 * virtual thread of its own. A run that is still busy when its next turn comes makes that turn skip, so a job never
 * overlaps itself; a slow job never holds up another job; a run that throws is logged and the next turn comes as
 * planned.
 *
 * @param name what the log calls it, e.g. {@code "expiry sweep"}
 * @param interval time between the starts of two turns
 * @param initialDelay time from start to the first turn
 * @param work one turn
 */
public record PeriodicJob(String name, Duration interval, Duration initialDelay, Runnable work) {

    public PeriodicJob {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A periodic job needs a name");
        }
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("The interval of the " + name + " must be positive: " + interval);
        }
        if (initialDelay == null || initialDelay.isNegative()) {
            throw new IllegalArgumentException("The initial delay of the " + name + " must not be negative: "
                    + initialDelay);
        }
        Objects.requireNonNull(work, "work");
    }

    /** A job whose first turn comes as soon as the service has started. */
    public static PeriodicJob every(Duration interval, String name, Runnable work) {
        return new PeriodicJob(name, interval, Duration.ZERO, work);
    }

    /** The same job, with its first turn {@code delay} after start. */
    public PeriodicJob startingAfter(Duration delay) {
        return new PeriodicJob(name, interval, delay, work);
    }
}
