package io.concertsale.loadtest.hop;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * The client of every measurement: keeps {@code concurrency} keep-alive HTTP/1.1 connections busy, each sending its
 * next request as soon as the previous answer came (a closed loop), until a deadline. It is built to cost the shared
 * cores as little as possible per request, as a load generator such as wrk is: one thread runs every connection
 * through one selector (no thread wakes up per answer), a request is prepared bytes refreshed in place
 * ({@link HopRequest}), and answers are parsed in place ({@link ResponseParser}). Each phase opens fresh connections
 * (the server may have closed an idle one meanwhile); a connection the server closes (Tomcat does after
 * {@code max-keep-alive-requests}, 100 by default) is opened again at once.
 */
final class LoadGenerator {

    private static final long RECONNECT_WAIT_MILLIS = 5;
    private static final long IDLE_WAIT_MILLIS = 100;
    private static final int SAMPLE_ERROR_KINDS = 10;
    private static final OperatingSystemMXBean CPU = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);

    private final InetSocketAddress address;
    private final HopRequest request;
    private final int concurrency;

    LoadGenerator(URI target, HopRequest request, int concurrency) {
        this.address = new InetSocketAddress(target.getHost(), target.getPort());
        this.request = request;
        this.concurrency = concurrency;
    }

    /** Decides whether another request may go now; asked by the client's one thread, so it must not block. */
    interface Gate {

        /** No limit but the deadline. */
        Gate OPEN = () -> true;

        boolean tryAdmit();

        /** A request it admitted got no 202 (it will not count against a backlog). */
        default void failed() {
        }

        /** Asks the gate to call this (from any thread) when it may admit again after refusing. */
        default void onChange(Runnable wakeUp) {
        }
    }

    /**
     * What one phase did.
     *
     * @param sent requests sent
     * @param accepted answered 202
     * @param errors requests answered otherwise or not at all, and connections that could not be opened
     * @param errorKinds the errors by kind ({@code HTTP 429}, {@code ConnectException: ...}), the first few kinds
     * @param firstSendNanos {@link System#nanoTime()} when the first request went
     * @param lastAnswerNanos {@link System#nanoTime()} when the last answer (or error) came
     * @param clientCpuNanos the CPU time the client's whole JVM used meanwhile
     */
    record Batch(long sent, long accepted, long errors, Map<String, Long> errorKinds, long firstSendNanos,
            long lastAnswerNanos, long clientCpuNanos) {

        /** From the first send to the last answer. */
        Duration elapsed() {
            return Duration.ofNanos(Math.max(0, lastAnswerNanos - firstSendNanos));
        }
    }

    /** Sends for the given time; requests under way at the deadline finish and count. */
    Batch run(Duration duration, Gate gate) throws IOException {
        long cpuAtStart = CPU.getProcessCpuTime();
        Tally tally = new Tally();
        RandomGenerator random = new SplittableRandom();
        try (Selector selector = Selector.open()) {
            gate.onChange(selector::wakeup);
            try {
                loop(selector, duration, gate, tally, random);
            } finally {
                gate.onChange(() -> {
                });
            }
        }
        return tally.batch(CPU.getProcessCpuTime() - cpuAtStart);
    }

    private void loop(Selector selector, Duration duration, Gate gate, Tally tally, RandomGenerator random)
            throws IOException {
        Deque<KeepAliveConnection> idle = new ArrayDeque<>();
        List<KeepAliveConnection> connections = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            KeepAliveConnection connection = new KeepAliveConnection(address, request, selector, tally);
            connections.add(connection);
            idle.add(connection);
        }
        long deadline = System.nanoTime() + duration.toNanos();
        int inFlight = 0;
        try {
            while (true) {
                long now = System.nanoTime();
                boolean reconnecting = false;
                while (now < deadline && !idle.isEmpty()) {
                    KeepAliveConnection next = idle.peek();
                    if (!next.ready(now)) {
                        reconnecting = true;
                        break;
                    }
                    if (!gate.tryAdmit()) {
                        break;
                    }
                    idle.poll();
                    if (next.send(random, now)) {
                        inFlight++;
                    } else {
                        gate.failed();
                        idle.add(next);
                    }
                }
                if (inFlight == 0 && now >= deadline) {
                    return;
                }
                selector.select(reconnecting ? RECONNECT_WAIT_MILLIS : IDLE_WAIT_MILLIS);
                now = System.nanoTime();
                for (SelectionKey key : selector.selectedKeys()) {
                    KeepAliveConnection connection = (KeepAliveConnection) key.attachment();
                    if (connection.receive(now, gate)) {
                        inFlight--;
                        idle.add(connection);
                    }
                }
                selector.selectedKeys().clear();
                for (KeepAliveConnection connection : connections) {
                    if (connection.timedOut(now)) {
                        inFlight--;
                        gate.failed();
                        idle.add(connection);
                    }
                }
            }
        } finally {
            connections.forEach(KeepAliveConnection::close);
        }
    }

    /** The phase's counts (the client's one thread writes them). */
    static final class Tally {
        private long sent;
        private long accepted;
        private long errors;
        private long firstSendNanos;
        private long lastAnswerNanos;
        private final Map<String, Long> kinds = new TreeMap<>();

        void sent(long now) {
            if (sent++ == 0) {
                firstSendNanos = now;
            }
        }

        void accepted(long now) {
            accepted++;
            lastAnswerNanos = now;
        }

        void error(String kind, long now) {
            errors++;
            lastAnswerNanos = now;
            if (kinds.size() < SAMPLE_ERROR_KINDS || kinds.containsKey(kind)) {
                kinds.merge(kind, 1L, Long::sum);
            }
        }

        Batch batch(long cpuNanos) {
            return new Batch(sent, accepted, errors, Map.copyOf(kinds), firstSendNanos, lastAnswerNanos, cpuNanos);
        }
    }
}
