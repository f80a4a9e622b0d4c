package io.concertsale.loadtest.hop;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
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

    private static final long ANSWER_TIMEOUT_NANOS = Duration.ofSeconds(30).toNanos();
    private static final long RECONNECT_DELAY_NANOS = Duration.ofMillis(100).toNanos();
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
        Deque<Connection> idle = new ArrayDeque<>();
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Connection connection = new Connection(selector, tally);
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
                    Connection next = idle.peek();
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
                    Connection connection = (Connection) key.attachment();
                    if (connection.receive(now, gate)) {
                        inFlight--;
                        idle.add(connection);
                    }
                }
                selector.selectedKeys().clear();
                for (Connection connection : connections) {
                    if (connection.timedOut(now)) {
                        inFlight--;
                        gate.failed();
                        idle.add(connection);
                    }
                }
            }
        } finally {
            connections.forEach(Connection::close);
        }
    }

    /** One keep-alive connection with at most one request under way. */
    private final class Connection {

        private final Selector selector;
        private final Tally tally;
        private final byte[] requestBytes = request.newBuffer();
        private final ByteBuffer out = ByteBuffer.wrap(requestBytes);
        private final byte[] answer = new byte[16 * 1024];
        private final ByteBuffer in = ByteBuffer.wrap(answer);
        private final ResponseParser parser = new ResponseParser();
        private SocketChannel channel;
        private SelectionKey key;
        private long sentNanos;
        private long retryNanos;

        Connection(Selector selector, Tally tally) {
            this.selector = selector;
            this.tally = tally;
        }

        /** Whether it may send: not waiting to open again after a failed attempt. */
        boolean ready(long now) {
            return now >= retryNanos;
        }

        /** Sends the next request; false when the connection could not be opened or written (counted as an error). */
        boolean send(RandomGenerator random, long now) {
            if (channel == null && !open(now)) {
                return false;
            }
            request.refresh(requestBytes, random);
            out.clear();
            tally.sent(now);
            sentNanos = now;
            try {
                channel.write(out);
                if (out.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                }
                return true;
            } catch (IOException e) {
                failed(e.toString(), now);
                return false;
            }
        }

        /**
         * Reads what arrived.
         *
         * @return true when the request under way got its answer or failed (the connection is free again)
         */
        boolean receive(long now, Gate gate) {
            try {
                if (key.isWritable()) {
                    channel.write(out);
                    if (!out.hasRemaining()) {
                        key.interestOps(SelectionKey.OP_READ);
                    }
                }
                if (!key.isReadable()) {
                    return false;
                }
                if (channel.read(in) < 0) {
                    throw new IOException("The server closed the connection");
                }
                int end = parser.parse(answer, 0, in.position());
                if (end == ResponseParser.INCOMPLETE) {
                    if (!in.hasRemaining()) {
                        throw new IOException("An answer longer than " + answer.length + " bytes");
                    }
                    return false;
                }
                if (sentNanos == 0 || end != in.position()) {
                    throw new IOException("An answer to no request");
                }
                in.clear();
                sentNanos = 0;
                if (parser.status() == 202) {
                    tally.accepted(now);
                } else {
                    tally.error("HTTP " + parser.status(), now);
                    gate.failed();
                }
                if (parser.closes()) {
                    close();
                }
                return true;
            } catch (IOException e) {
                if (sentNanos == 0) {
                    // closed while idle (a keep-alive time-out): it opens again for the next request
                    close();
                    return false;
                }
                failed(e.toString(), now);
                gate.failed();
                return true;
            }
        }

        /** Whether the request under way has waited too long for its answer; if so it counts as an error. */
        boolean timedOut(long now) {
            if (sentNanos == 0 || now - sentNanos < ANSWER_TIMEOUT_NANOS) {
                return false;
            }
            failed("No answer within " + Duration.ofNanos(ANSWER_TIMEOUT_NANOS).toSeconds() + " s", now);
            return true;
        }

        private boolean open(long now) {
            try {
                channel = SocketChannel.open();
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.connect(address);
                channel.configureBlocking(false);
                key = channel.register(selector, SelectionKey.OP_READ, this);
                in.clear();
                return true;
            } catch (IOException e) {
                failed(e.toString(), now);
                return false;
            }
        }

        private void failed(String error, long now) {
            tally.error(error, now);
            sentNanos = 0;
            retryNanos = now + RECONNECT_DELAY_NANOS;
            close();
        }

        void close() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // closing a connection given up on: nothing left to do
                }
                channel = null;
                key = null;
            }
        }
    }

    /** The phase's counts (one thread writes them). */
    private static final class Tally {
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
