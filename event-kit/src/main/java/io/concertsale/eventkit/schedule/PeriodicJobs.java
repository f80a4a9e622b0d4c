package io.concertsale.eventkit.schedule;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedRateTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * The one way every service runs its {@link PeriodicJob}s: at a fixed rate on a scheduler whose every run gets a
 * thread of its own (the kit's virtual-thread scheduler), each run skipping its turn while the job's previous run is
 * busy. Fixed delays are not used on purpose: Spring runs every fixed-delay task of a context on the scheduler's one
 * thread, so one slow job would hold up all the others.
 */
public final class PeriodicJobs implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(PeriodicJobs.class);

    private final List<PeriodicJob> jobs;
    private final TaskScheduler scheduler;

    public PeriodicJobs(List<PeriodicJob> jobs, TaskScheduler scheduler) {
        this.jobs = List.copyOf(jobs);
        this.scheduler = scheduler;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.setTaskScheduler(scheduler);
        for (PeriodicJob job : jobs) {
            registrar.addFixedRateTask(new FixedRateTask(oneAtATime(job), job.interval(), job.initialDelay()));
            log.debug("The {} runs every {}", job.name(), job.interval());
        }
    }

    /** The job's turn: skipped while its previous run is busy; a failure is logged and the schedule goes on. */
    static Runnable oneAtATime(PeriodicJob job) {
        AtomicBoolean busy = new AtomicBoolean();
        return () -> {
            if (!busy.compareAndSet(false, true)) {
                return;
            }
            try {
                job.work().run();
            } catch (RuntimeException e) {
                log.warn("The {} failed; it runs again at its next turn", job.name(), e);
            } finally {
                busy.set(false);
            }
        };
    }
}
