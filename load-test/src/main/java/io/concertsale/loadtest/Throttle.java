package io.concertsale.loadtest;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * At most so many calls in flight at once; the others wait their turn, first come first served. Each HTTP call in
 * flight holds a connection of its own (HTTP/1.1), so this also bounds the connections of the client: 100,000 fans
 * polling must not open 100,000 of them when the sale slows down.
 */
final class Throttle {

    private static final Executor COMPLETIONS = Executors.newVirtualThreadPerTaskExecutor();

    private final Semaphore permits;
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();

    Throttle(int maxInFlight) {
        this.permits = new Semaphore(maxInFlight);
    }

    /** Starts the call as soon as fewer than the maximum are in flight; completes as it does. */
    <T> CompletableFuture<T> run(Supplier<CompletableFuture<T>> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        waiting.add(() -> {
            CompletableFuture<T> started;
            try {
                started = call.get();
            } catch (RuntimeException e) {
                started = CompletableFuture.failedFuture(e);
            }
            // never on the thread that started the call: it may hold a fan's lock, and the answer may be another's
            started.whenCompleteAsync((value, failure) -> {
                permits.release();
                drain();
                if (failure == null) {
                    result.complete(value);
                } else {
                    result.completeExceptionally(failure);
                }
            }, COMPLETIONS);
        });
        drain();
        return result;
    }

    private void drain() {
        while (!waiting.isEmpty() && permits.tryAcquire()) {
            Runnable next = waiting.poll();
            if (next == null) {
                permits.release();
            } else {
                next.run();
            }
        }
    }
}
