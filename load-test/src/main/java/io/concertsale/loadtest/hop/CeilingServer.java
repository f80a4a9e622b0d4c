package io.concertsale.loadtest.hop;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The trivial server the client's ceiling is measured against, in the client's own JVM: one thread and one selector
 * that read each request to the end of its body ({@code Content-Length}) and answer a fixed 202 without a body,
 * about the least a server can do per request. What the client reaches against it, sharing the cores with it, is a
 * lower bound of what the client alone can do. (The JDK's {@code com.sun.net.httpserver} answered fewer requests
 * per second here than the floor's Tomcat, so it would hide the client's ceiling rather than show it.)
 */
final class CeilingServer implements AutoCloseable {

    private static final byte[] ANSWER = "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEADERS_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final String CONTENT_LENGTH = "content-length:";

    private final ServerSocketChannel server;
    private final Selector selector;
    private final Thread thread;

    CeilingServer() throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.configureBlocking(false);
        selector = Selector.open();
        server.register(selector, SelectionKey.OP_ACCEPT);
        thread = Thread.ofPlatform().name("ceiling-server").daemon().start(this::serve);
    }

    URI uri() throws IOException {
        InetSocketAddress address = (InetSocketAddress) server.getLocalAddress();
        return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + "/empty");
    }

    private void serve() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.isAcceptable()) {
                        accept();
                    } else if (key.isReadable()) {
                        answer(key);
                    }
                }
                selector.selectedKeys().clear();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void accept() throws IOException {
        SocketChannel channel = server.accept();
        if (channel != null) {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.register(selector, SelectionKey.OP_READ, ByteBuffer.allocate(16 * 1024));
        }
    }

    /** Reads what came and answers every complete request in it. */
    private static void answer(SelectionKey key) {
        SocketChannel channel = (SocketChannel) key.channel();
        ByteBuffer in = (ByteBuffer) key.attachment();
        try {
            if (channel.read(in) < 0 || !in.hasRemaining()) {
                channel.close();
                return;
            }
            int end;
            while ((end = requestEnd(in.array(), in.position())) > 0) {
                ByteBuffer answer = ByteBuffer.wrap(ANSWER);
                // the client waits for this answer before it sends again, so the socket's buffer has room for it
                while (answer.hasRemaining()) {
                    channel.write(answer);
                }
                in.flip().position(end);
                in.compact();
            }
        } catch (IOException e) {
            key.cancel();
        }
    }

    /** Where the request at the start of the bytes ends, or 0 when it has not arrived completely. */
    private static int requestEnd(byte[] bytes, int length) {
        int headersEnd = indexOf(bytes, length, HEADERS_END);
        if (headersEnd < 0) {
            return 0;
        }
        long body = 0;
        for (int line = 0; line < headersEnd; line++) {
            if ((line == 0 || bytes[line - 1] == '\n') && startsWithIgnoringCase(bytes, line, CONTENT_LENGTH)) {
                for (int i = line + CONTENT_LENGTH.length(); i < headersEnd && bytes[i] != '\r'; i++) {
                    if (bytes[i] >= '0' && bytes[i] <= '9') {
                        body = body * 10 + bytes[i] - '0';
                    }
                }
            }
        }
        long end = headersEnd + HEADERS_END.length + body;
        return end <= length ? (int) end : 0;
    }

    private static int indexOf(byte[] bytes, int length, byte[] wanted) {
        for (int i = 0; i + wanted.length <= length; i++) {
            int j = 0;
            while (j < wanted.length && bytes[i + j] == wanted[j]) {
                j++;
            }
            if (j == wanted.length) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWithIgnoringCase(byte[] bytes, int from, String prefix) {
        for (int i = 0; i < prefix.length(); i++) {
            if (from + i >= bytes.length || Character.toLowerCase((char) bytes[from + i]) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SelectionKey key : selector.keys()) {
            key.channel().close();
        }
        selector.close();
    }
}
