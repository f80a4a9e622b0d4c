package io.concertsale.engine.runtime;

import io.concertsale.engine.EngineClock;
import java.nio.file.Path;
import io.concertsale.engine.record.EngineRecord;
import io.concertsale.engine.record.RecordListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine thread. It takes the commands waiting, applies them in order, appends the ones that changed something
 * to the journal and forces it to disk once per batch (group commit), and only then answers them, hands the records
 * to the listeners and pushes jobs to the long polls and job streams waiting for them.
 */
public final class EngineLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EngineLoop.class);
    private static final int MAX_BATCH = 2_000;

    /** A job stream a worker opened: jobs of its type are pushed to it as they come. */
    public record JobStream(String type, String worker, long timeoutMillis, List<String> fetchVariables,
            Predicate<Processor.ActivatedJob> push, java.util.function.BooleanSupplier open) {
    }

    private record Pending(Object command, CompletableFuture<Object> reply, boolean withResult) {
    }

    private record LongPoll(Command.ActivateJobs command, long deadline, CompletableFuture<Object> reply) {
    }

    private final EngineClock clock;
    private final Storage journal;
    private final long snapshotEvery;
    private final List<RecordListener> listeners = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Processor processor = new Processor();
    private final List<LongPoll> longPolls = new ArrayList<>();
    private final List<JobStream> streams = new CopyOnWriteArrayList<>();
    private final Map<Long, CompletableFuture<Object>> awaitingResult = new HashMap<>();
    private final Object idleMonitor = new Object();
    private volatile boolean running = true;
    private volatile boolean busy;
    private volatile long nextDue = Long.MAX_VALUE;
    private volatile int activeInstances;
    private Thread thread;

    /**
     * @param dataDirectory where the snapshot and the journal live; null keeps nothing
     * @param snapshotEvery how many journal entries make the engine write a snapshot and start a new journal
     */
    public EngineLoop(EngineClock clock, Path dataDirectory, long snapshotEvery, List<RecordListener> listeners) {
        this.clock = clock;
        this.journal = dataDirectory == null ? Storage.none() : Storage.in(dataDirectory);
        this.snapshotEvery = snapshotEvery;
        this.listeners.addAll(listeners);
    }

    /** Replays the journal, then starts the engine thread. */
    public void start() {
        processor.recording(wanted());
        int replayed = journal.recover(processor, this::dispatch);
        activeInstances = processor.activeInstances();
        nextDue = processor.nextDue();
        if (replayed > 0) {
            log.info("The engine replayed {} journaled commands: {} process instances running", replayed,
                    activeInstances);
        }
        clock.onChange(this::wake);
        thread = Thread.ofPlatform().name("local-engine").daemon(true).start(this::run);
    }

    /** Submits a command; the future completes once it is processed and on disk, or with a {@link Rejection}. */
    public CompletableFuture<Object> submit(Command command) {
        return enqueue(new Pending(command, new CompletableFuture<>(), false));
    }

    /** Creates an instance and completes when it has ended, with its {@link Processor.EndedInstance}. */
    public CompletableFuture<Object> createWithResult(Command.CreateInstance command) {
        return enqueue(new Pending(command, new CompletableFuture<>(), true));
    }

    /** Activates jobs, waiting up to the request timeout for some to come (long polling) when there are none. */
    public CompletableFuture<Object> activateJobs(Command.ActivateJobs command, long requestTimeoutMillis) {
        CompletableFuture<Object> reply = new CompletableFuture<>();
        enqueue(new Pending(new LongPollRequest(command, requestTimeoutMillis), reply, false));
        return reply;
    }

    /** Opens a job stream. */
    public void openStream(JobStream stream) {
        streams.add(stream);
        wake();
    }

    public void closeStream(JobStream stream) {
        streams.remove(stream);
    }

    public void addListener(RecordListener listener) {
        listeners.add(listener);
    }

    public int activeInstances() {
        return activeInstances;
    }

    /** Waits until no command waits, none is being processed and nothing is due on the clock. */
    public boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (queue.isEmpty() && !busy && nextDue > clock.millis()) {
                // look twice, a little apart: a reply may have led a client to send the next command
                sleep(10);
                if (queue.isEmpty() && !busy && nextDue > clock.millis()) {
                    return true;
                }
            }
            sleep(2);
        }
        return false;
    }

    private CompletableFuture<Object> enqueue(Pending pending) {
        if (!running) {
            pending.reply().completeExceptionally(new IllegalStateException("The engine is shut down"));
            return pending.reply();
        }
        queue.add(pending);
        return pending.reply();
    }

    private void wake() {
        queue.add(new Pending(new Wake(), null, false));
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (running) {
            try {
                long now = clock.millis();
                long wait = Math.min(1_000, Math.max(0, Math.min(processor.nextDue(), nextLongPollDeadline()) - now));
                Pending first = wait == 0 ? queue.poll() : queue.poll(wait, TimeUnit.MILLISECONDS);
                busy = true;
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH);
                }
                process(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("The engine thread failed on a batch; it goes on with the next one", e);
            } finally {
                batch.clear();
                busy = false;
            }
        }
    }

    private void process(List<Pending> batch) {
        long now = clock.millis();
        processor.recording(wanted());
        List<Runnable> replies = new ArrayList<>();
        List<EngineRecord> records = new ArrayList<>();
        for (Pending pending : batch) {
            switch (pending.command()) {
                case Wake wake -> {
                    // only there to end the wait
                }
                case LongPollRequest request -> {
                    Object result = apply(now, request.command(), records);
                    if (result instanceof List<?> jobs && jobs.isEmpty() && request.timeoutMillis() >= 0) {
                        long timeout = request.timeoutMillis() == 0 ? 10_000 : request.timeoutMillis();
                        longPolls.add(new LongPoll(request.command(), System.currentTimeMillis() + timeout,
                                pending.reply()));
                    } else {
                        replies.add(() -> answer(pending.reply(), result));
                    }
                }
                case Command command -> {
                    Object result = apply(now, command, records);
                    if (pending.withResult() && result instanceof Processor.CreatedInstance created) {
                        awaitingResult.put(created.processInstanceKey(), pending.reply());
                    } else {
                        replies.add(() -> answer(pending.reply(), result));
                    }
                }
                default -> throw new IllegalStateException("Not a command: " + pending.command());
            }
            collectEnded(replies);
        }
        if (processor.nextDue() <= now) {
            apply(now, new Command.Tick(), records);
            collectEnded(replies);
        }
        serveLongPolls(now, replies, records);
        List<Runnable> pushes = serveStreams(now, records);
        try {
            journal.flush();
        } catch (RuntimeException e) {
            log.error("The engine cannot write its journal: it stops answering", e);
            running = false;
            throw e;
        }
        activeInstances = processor.activeInstances();
        nextDue = processor.nextDue();
        replies.forEach(Runnable::run);
        pushes.forEach(Runnable::run);
        dispatch(records);
        if (journal.entriesSinceSnapshot() >= snapshotEvery) {
            snapshot();
        }
    }

    private void snapshot() {
        long started = System.nanoTime();
        journal.snapshot(processor);
        log.info("The engine wrote a snapshot of {} running process instances in {} ms and started a new journal",
                processor.activeInstances(), (System.nanoTime() - started) / 1_000_000);
    }

    private Object apply(long now, Command command, List<EngineRecord> records) {
        Object result;
        try {
            result = processor.apply(now, command);
        } catch (Rejection e) {
            records.addAll(processor.drainRecords());
            return e;
        } catch (RuntimeException e) {
            log.error("The engine failed on {}", command, e);
            journal.append(now, command);
            records.addAll(processor.drainRecords());
            return new IllegalStateException("The engine failed on the command: " + e, e);
        }
        boolean changed = result != Processor.NOTHING && !(result instanceof List<?> jobs && jobs.isEmpty());
        if (changed) {
            journal.append(now, command);
        }
        records.addAll(processor.drainRecords());
        return result;
    }

    private void collectEnded(List<Runnable> replies) {
        for (Processor.EndedInstance ended : processor.drainEnded()) {
            CompletableFuture<Object> waiting = awaitingResult.remove(ended.processInstanceKey());
            if (waiting != null) {
                replies.add(() -> waiting.complete(ended));
            }
        }
    }

    private static void answer(CompletableFuture<Object> reply, Object result) {
        if (reply == null) {
            return;
        }
        if (result instanceof RuntimeException failure) {
            reply.completeExceptionally(failure);
        } else {
            reply.complete(result);
        }
    }

    private long nextLongPollDeadline() {
        long next = Long.MAX_VALUE;
        for (LongPoll poll : longPolls) {
            next = Math.min(next, poll.deadline() - System.currentTimeMillis() + clock.millis());
        }
        return next;
    }

    private void serveLongPolls(long now, List<Runnable> replies, List<EngineRecord> records) {
        long wall = System.currentTimeMillis();
        for (Iterator<LongPoll> it = longPolls.iterator(); it.hasNext(); ) {
            LongPoll poll = it.next();
            if (poll.reply().isDone()) {
                it.remove();
            } else if (processor.hasActivatable(poll.command().type(), now)) {
                Object result = apply(now, poll.command(), records);
                if (!(result instanceof List<?> jobs && jobs.isEmpty())) {
                    it.remove();
                    replies.add(() -> answer(poll.reply(), result));
                }
            } else if (poll.deadline() <= wall) {
                it.remove();
                replies.add(() -> poll.reply().complete(List.of()));
            }
        }
    }

    private List<Runnable> serveStreams(long now, List<EngineRecord> records) {
        if (streams.isEmpty()) {
            return List.of();
        }
        List<Runnable> pushes = new ArrayList<>();
        for (JobStream stream : streams) {
            if (!stream.open().getAsBoolean()) {
                streams.remove(stream);
                continue;
            }
            if (!processor.hasActivatable(stream.type(), now)) {
                continue;
            }
            Object result = apply(now, new Command.ActivateJobs(stream.type(), stream.worker(),
                    stream.timeoutMillis(), 32, stream.fetchVariables()), records);
            if (result instanceof List<?> jobs) {
                for (Object job : jobs) {
                    pushes.add(() -> stream.push().test((Processor.ActivatedJob) job));
                }
            }
        }
        return pushes;
    }

    /** The kinds of records some listener wants. */
    private Set<Class<? extends EngineRecord>> wanted() {
        Set<Class<? extends EngineRecord>> kinds = new HashSet<>();
        for (Class<?> kind : EngineRecord.class.getPermittedSubclasses()) {
            Class<? extends EngineRecord> recordKind = kind.asSubclass(EngineRecord.class);
            if (listeners.stream().anyMatch(listener -> listener.wants(recordKind))) {
                kinds.add(recordKind);
            }
        }
        return kinds;
    }

    private void dispatch(List<EngineRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        for (RecordListener listener : listeners) {
            for (EngineRecord record : records) {
                if (!listener.wants(record.getClass())) {
                    continue;
                }
                try {
                    listener.onRecord(record);
                } catch (RuntimeException e) {
                    log.warn("A record listener failed on {}", record, e);
                }
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        wake();
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (LongPoll poll : longPolls) {
            poll.reply().complete(List.of());
        }
        if (journal.durable() && journal.entriesSinceSnapshot() > 0 && (thread == null || !thread.isAlive())) {
            // a clean stop leaves a snapshot: the next start need not replay the journal
            snapshot();
        }
        journal.close();
    }

    /** Ends the engine thread's wait (a clock change, a new stream, shutdown). Never journaled. */
    private record Wake() {
    }

    /** An activation that may wait for jobs. Never journaled as such: its activation is. */
    private record LongPollRequest(Command.ActivateJobs command, long timeoutMillis) {
    }
}
