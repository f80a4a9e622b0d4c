package io.concertsale.loadtest.hop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * One of the {@link LoadGenerator}'s keep-alive HTTP/1.1 connections, non-blocking on its selector, with at most one
 * request under way. It opens when it must send and is closed: at first, after the server closed it (Tomcat does
 * after {@code max-keep-alive-requests}, 100 by default), and, 100 ms later, after a failure.
 */
final class KeepAliveConnection {

    private static final long ANSWER_TIMEOUT_NANOS = Duration.ofSeconds(30).toNanos();
    private static final long RECONNECT_DELAY_NANOS = Duration.ofMillis(100).toNanos();

    private final InetSocketAddress address;
    private final HopRequest request;
    private final Selector selector;
    private final LoadGenerator.Tally tally;
    private final byte[] requestBytes;
    private final ByteBuffer out;
    private final byte[] answer = new byte[16 * 1024];
    private final ByteBuffer in = ByteBuffer.wrap(answer);
    private final ResponseParser parser = new ResponseParser();
    private SocketChannel channel;
    private SelectionKey key;
    private long sentNanos;
    private long retryNanos;

    KeepAliveConnection(InetSocketAddress address, HopRequest request, Selector selector, LoadGenerator.Tally tally) {
        this.address = address;
        this.request = request;
        this.selector = selector;
        this.tally = tally;
        this.requestBytes = request.newBuffer();
        this.out = ByteBuffer.wrap(requestBytes);
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
    boolean receive(long now, LoadGenerator.Gate gate) {
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
