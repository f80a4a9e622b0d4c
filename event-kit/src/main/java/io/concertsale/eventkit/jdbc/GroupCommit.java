package io.concertsale.eventkit.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the units of work that arrive while others are running together, in one transaction (group commit): a storm
 * of a few hundred at a time (event deliveries, fans joining) pays for one commit per batch instead of one per unit,
 * which is what a database that writes every commit to its file before returning costs most for. Each unit still has
 * its own effect in that transaction, and its caller gets the result only after the commit.
 *
 * <p>A few committer threads take what is waiting, up to a batch's size, and run it. When one unit of a batch fails,
 * the batch is rolled back and each of its units is run again in a transaction of its own, so one bad unit fails
 * alone and the others still take effect exactly once. With one committer, batches commit one after the other in the
 * order their units arrived.
 *
 * @param <W> one unit of work, run inside the transaction
 * @param <R> its outcome
 */
public final class GroupCommit<W, R> {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private final TransactionTemplate transactions;
    private final Function<List<W>, List<R>> work;
    private final int maxBatch;
    private final int committers;
    private final String name;
    private final IntConsumer batches;
    private final BlockingQueue<Pending<W, R>> waiting = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    /**
     * @param name names the committer threads
     * @param work what one unit does in the transaction; it may throw to fail that unit (the transaction of a
     *        failing unit rolls back)
     * @param maxBatch the most units run in one transaction
     * @param committers how many batches run at once (each on a connection of its own)
     * @param batches told the size of every batch that committed
     */
    public GroupCommit(String name, TransactionTemplate transactions, Function<W, R> work, int maxBatch,
            int committers, IntConsumer batches) {
        this(oneByOne(work), name, transactions, maxBatch, committers, batches);
    }

    /**
     * A group commit whose work takes a whole batch at once, so that it can do what its units have in common once
     * (one batch of statements for all of them).
     *
     * @param work what a batch does in the transaction: one result per unit, in the units' order; it may throw to
     *        fail the batch, whose units then run again in batches of one
     */
    public static <W, R> GroupCommit<W, R> ofBatches(String name, TransactionTemplate transactions,
            Function<List<W>, List<R>> work, int maxBatch, int committers, IntConsumer batches) {
        return new GroupCommit<>(work, name, transactions, maxBatch, committers, batches);
    }

    private GroupCommit(Function<List<W>, List<R>> work, String name, TransactionTemplate transactions, int maxBatch,
            int committers, IntConsumer batches) {
        if (maxBatch < 1 || committers < 1) {
            throw new IllegalArgumentException("A group commit needs a batch of at least 1 and at least 1 committer");
        }
        this.name = name;
        this.transactions = transactions;
        this.work = work;
        this.maxBatch = maxBatch;
        this.committers = committers;
        this.batches = batches;
    }

    /**
     * Runs the work in the next transaction and returns its result once that transaction committed.
     *
     * @throws RuntimeException what the work threw, when it failed in a transaction of its own
     */
    public R submit(W item) {
        if (!running) {
            return transactions.execute(status -> one(item));
        }
        Pending<W, R> pending = new Pending<>(item, new CompletableFuture<>());
        waiting.add(pending);
        if (!running && waiting.remove(pending)) {
            // stopped meanwhile: nobody takes batches any more
            runAlone(pending);
        }
        try {
            return pending.result().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the commit", e);
        }
    }

    public void start() {
        running = true;
        for (int i = 0; i < committers; i++) {
            threads.add(Thread.ofPlatform().daemon().name(name + "-committer-" + i).start(this::commitLoop));
        }
    }

    /** Stops taking batches; units still waiting run one by one. */
    public void stop() {
        running = false;
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
        List<Pending<W, R>> left = new ArrayList<>();
        waiting.drainTo(left);
        left.forEach(this::runAlone);
    }

    public boolean isRunning() {
        return running;
    }

    /** Items waiting for a committer. */
    public int waiting() {
        return waiting.size();
    }

    private void commitLoop() {
        List<Pending<W, R>> batch = new ArrayList<>(maxBatch);
        while (running) {
            try {
                batch.add(waiting.take());
            } catch (InterruptedException e) {
                return;
            }
            waiting.drainTo(batch, maxBatch - 1);
            runBatch(batch);
            batch.clear();
        }
    }

    private void runBatch(List<Pending<W, R>> batch) {
        if (batch.size() == 1) {
            runAlone(batch.getFirst());
            return;
        }
        List<R> results;
        try {
            results = transactions.execute(status -> {
                List<W> items = new ArrayList<>(batch.size());
                for (Pending<W, R> pending : batch) {
                    items.add(pending.item());
                }
                List<R> outcomes = work.apply(items);
                if (outcomes.size() != items.size()) {
                    throw new IllegalStateException("A batch of " + items.size() + " gave " + outcomes.size()
                            + " results");
                }
                return outcomes;
            });
        } catch (RuntimeException | Error e) {
            log.debug("A batch of {} failed ({}); each unit runs again on its own", batch.size(), e.toString());
            batch.forEach(this::runAlone);
            return;
        }
        batches.accept(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().complete(results.get(i));
        }
    }

    private void runAlone(Pending<W, R> pending) {
        try {
            R result = transactions.execute(status -> one(pending.item()));
            batches.accept(1);
            pending.result().complete(result);
        } catch (RuntimeException | Error e) {
            pending.result().completeExceptionally(e);
        }
    }

    private R one(W item) {
        return work.apply(List.of(item)).getFirst();
    }

    private static <W, R> Function<List<W>, List<R>> oneByOne(Function<W, R> work) {
        return items -> {
            List<R> results = new ArrayList<>(items.size());
            for (W item : items) {
                results.add(work.apply(item));
            }
            return results;
        };
    }

    private record Pending<W, R>(W item, CompletableFuture<R> result) {
    }
}
