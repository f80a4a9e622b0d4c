package io.concertsale.eventkit.http;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * POSTs over HTTP/1.1 and reads the answer: the event plane's client, for the broker's deliveries and every
 * service's outbox.
 *
 * <p>A small blocking client on kept-alive connections, one request per connection at a time, made for virtual
 * threads: the request is written and the answer read on the calling thread itself, with no selector thread and no
 * hand-off in between (the JDK's {@code HttpClient} cost more per event than the receiver's whole answer). Connections
 * to each address are pooled and reused while the server keeps them open; one that the server closed while it sat
 * idle is noticed on the next request, which then goes out once more on a new connection. {@code https} URLs work
 * too (the JVM's default trust store).
 *
 * <p>The request timeout covers the whole exchange, writing included: rather than a socket timeout on each read
 * (which on a virtual thread schedules a timer and cancels it again, a wake-up of the JDK's timer thread for every
 * request), one watchdog thread closes the connection of an exchange that outlived its deadline, checking every
 * {@link #WATCHDOG_TICK}; the exchange then fails with "No answer within ...". So a server that never reads the
 * request, which a socket timeout would not catch, times out too.
 */
public final class Http1Client implements AutoCloseable {

    /** Idle connections kept per address at most. */
    private static final int MAX_IDLE_PER_ADDRESS = 256;
    /**
     * An idle connection older than this is closed rather than reused: servers drop idle ones after a while (the
     * gateway after 2 s), and a request on a connection the server is closing has to go out again.
     */
    private static final long MAX_IDLE_NANOS = Duration.ofSeconds(1).toNanos();
    /** The longest status line or header line read. */
    private static final int MAX_LINE = 16 * 1024;
    /** The most header lines read. */
    private static final int MAX_HEADERS = 200;
    /** The longest answer body read: a reply event, or an error body of which the broker keeps 1 KB. */
    private static final int MAX_BODY = 4 * 1024 * 1024;

    /** How often the watchdog looks for exchanges past their deadline: how late, at most, a timeout fires. */
    static final Duration WATCHDOG_TICK = Duration.ofMillis(50);

    private final int connectTimeoutMillis;
    private final Duration requestTimeout;
    private final Map<String, Pool> pools = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param connectTimeout how long to wait for a connection
     * @param requestTimeout how long the whole exchange may take
     */
    public Http1Client(Duration connectTimeout, Duration requestTimeout) {
        this.connectTimeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
        this.requestTimeout = requestTimeout;
    }

    /**
     * POSTs the body with these headers ({@code Host} and {@code Content-Length} are the client's own).
     *
     * @throws IOException when no response came: refused, reset, timed out, or a request that cannot be written
     *         (a header value with a line break)
     */
    public Response post(URI target, Map<String, String> headers, byte[] body) throws IOException {
        if (closed) {
            throw new IOException("The client is closed");
        }
        Target address = Target.of(target);
        byte[] request = request(address, target, headers, body);
        long deadline = System.nanoTime() + requestTimeout.toNanos();
        Pool pool = pools.computeIfAbsent(address.key(), key -> new Pool());
        Connection reused = pool.take();
        if (reused != null) {
            try {
                return exchange(pool, reused, request, deadline);
            } catch (StaleConnectionException e) {
                // the server had closed it while it sat idle: the request never reached it, send it on a new one
            }
        }
        Connection fresh = open(address, deadline);
        try {
            return exchange(pool, fresh, request, deadline);
        } catch (StaleConnectionException e) {
            throw new IOException("The server closed the connection without an answer", e);
        }
    }

    /** Closes the idle connections; call it once no request is under way any more. */
    @Override
    public void close() {
        closed = true;
        pools.values().forEach(Pool::closeAll);
    }

    private Response exchange(Pool pool, Connection connection, byte[] request, long deadline) throws IOException {
        boolean keep = false;
        Watchdog.watch(connection, deadline);
        try {
            if (System.nanoTime() - deadline > 0) {
                throw new SocketTimeoutException("The connection took the whole request timeout");
            }
            connection.out.write(request);
            connection.out.flush();
            Response response = read(connection);
            keep = !response.closes;
            return response;
        } catch (SocketTimeoutException e) {
            throw new IOException("No answer within " + requestTimeout.toMillis() + " ms", e);
        } catch (IOException e) {
            if (connection.timedOut) {
                throw new IOException("No answer within " + requestTimeout.toMillis() + " ms", e);
            }
            if (connection.used && !connection.answered) {
                // a kept-alive connection that fails before a single byte of the answer: closed by the server
                throw new StaleConnectionException(e);
            }
            throw e;
        } finally {
            Watchdog.release(connection);
            if (keep && !closed && !connection.timedOut) {
                connection.used = true;
                connection.answered = false;
                pool.give(connection);
            } else {
                connection.close();
            }
        }
    }

    private Response read(Connection connection) throws IOException {
        InputStream in = connection.in;
        String statusLine = line(in, connection);
        connection.answered = true;
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
            throw new IOException("Not an HTTP/1.x answer: " + abbreviate(statusLine));
        }
        int status;
        try {
            status = Integer.parseInt(statusLine.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IOException("Not an HTTP/1.x status line: " + abbreviate(statusLine), e);
        }
        boolean http10 = statusLine.startsWith("HTTP/1.0");
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int count = 0; ; count++) {
            String header = line(in, connection);
            if (header.isEmpty()) {
                break;
            }
            if (count == MAX_HEADERS) {
                throw new IOException("More than " + MAX_HEADERS + " header lines");
            }
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new IOException("Not a header line: " + abbreviate(header));
            }
            headers.computeIfAbsent(header.substring(0, colon).trim(), name -> new ArrayList<>(1))
                    .add(header.substring(colon + 1).trim());
        }
        if (status / 100 == 1) {
            // an interim answer (100 Continue): the real one follows
            return read(connection);
        }
        String connectionHeader = CloudEventHttp.first(headers, "connection");
        boolean closes = connectionHeader != null ? connectionHeader.toLowerCase(Locale.ROOT).contains("close")
                : http10;
        String transferEncoding = CloudEventHttp.first(headers, "transfer-encoding");
        String contentLength = CloudEventHttp.first(headers, "content-length");
        byte[] body;
        if (status == 204 || status == 304) {
            body = new byte[0];
        } else if (transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            body = chunked(in, connection);
        } else if (contentLength != null) {
            body = fixed(in, length(contentLength));
        } else {
            body = untilClosed(in);
            closes = true;
        }
        return new Response(status, headers, body, closes);
    }

    private byte[] chunked(InputStream in, Connection connection) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in, connection);
            int semicolon = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("Not a chunk size: " + abbreviate(sizeLine), e);
            }
            if (size == 0) {
                while (!line(in, connection).isEmpty()) {
                    // trailer fields: not used
                }
                return body.toByteArray();
            }
            if (size < 0 || body.size() + size > MAX_BODY) {
                throw new IOException("An answer body longer than " + MAX_BODY + " bytes");
            }
            body.writeBytes(fixed(in, (int) size));
            if (!line(in, connection).isEmpty()) {
                throw new IOException("A chunk without its line end");
            }
        }
    }

    private static int length(String contentLength) throws IOException {
        long length;
        try {
            length = Long.parseLong(contentLength.trim());
        } catch (NumberFormatException e) {
            throw new IOException("Not a Content-Length: " + abbreviate(contentLength), e);
        }
        if (length < 0 || length > MAX_BODY) {
            throw new IOException("An answer body of " + length + " bytes (at most " + MAX_BODY + ")");
        }
        return (int) length;
    }

    private byte[] fixed(InputStream in, int length) throws IOException {
        byte[] body = new byte[length];
        int read = 0;
        while (read < length) {
            int n = in.read(body, read, length - read);
            if (n < 0) {
                throw new EOFException("The server closed the connection in the middle of the answer");
            }
            read += n;
        }
        return body;
    }

    private byte[] untilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            body.write(buffer, 0, n);
            if (body.size() > MAX_BODY) {
                throw new IOException("An answer body longer than " + MAX_BODY + " bytes");
            }
        }
        return body.toByteArray();
    }

    /** Reads one line (CRLF or LF ended) as ISO-8859-1. */
    private String line(InputStream in, Connection connection) throws IOException {
        StringBuilder line = connection.line;
        line.setLength(0);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("The server closed the connection");
            }
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            if (line.length() == MAX_LINE) {
                throw new IOException("A line longer than " + MAX_LINE + " bytes");
            }
            line.append((char) b);
        }
    }

    private int remainingMillis(long deadline) throws SocketTimeoutException {
        long millis = (deadline - System.nanoTime()) / 1_000_000;
        if (millis <= 0) {
            throw new SocketTimeoutException("No answer within " + requestTimeout.toMillis() + " ms");
        }
        return (int) Math.min(Integer.MAX_VALUE, millis);
    }

    private Connection open(Target target, long deadline) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(target.host(), target.port()),
                    Math.min(connectTimeoutMillis, remainingMillis(deadline)));
            if (target.secure()) {
                SSLSocket tls = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                        .createSocket(socket, target.host(), target.port(), true);
                tls.setSoTimeout(remainingMillis(deadline));
                tls.startHandshake();
                // the exchanges' reads wait without a socket timeout: the watchdog ends them
                tls.setSoTimeout(0);
                socket = tls;
            }
            return new Connection(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** The request's bytes: request line, {@code Host}, the headers, {@code Content-Length}, the body. */
    private static byte[] request(Target address, URI target, Map<String, String> headers, byte[] body)
            throws IOException {
        String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        StringBuilder head = new StringBuilder(512)
                .append("POST ").append(path);
        if (target.getRawQuery() != null) {
            head.append('?').append(target.getRawQuery());
        }
        head.append(" HTTP/1.1\r\nHost: ").append(address.hostHeader()).append("\r\n");
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase("content-length") || header.getKey().equalsIgnoreCase("host")) {
                continue;
            }
            head.append(checked(header.getKey(), true)).append(": ").append(checked(header.getValue(), false))
                    .append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(head.length() + body.length);
        bytes.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        bytes.writeBytes(body);
        return bytes.toByteArray();
    }

    /** A header name or value as HTTP/1.1 allows it: no line breaks or other control characters, Latin-1 only. */
    private static String checked(String text, boolean name) throws IOException {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean allowed = name ? c > ' ' && c < 0x7f && c != ':' : (c >= ' ' && c != 0x7f && c <= 0xff) || c == '\t';
            if (!allowed) {
                throw new IOException("The header " + (name ? "name " : "value ") + abbreviate(text)
                        + " has a character HTTP does not allow (code " + (int) c + ")");
            }
        }
        return text;
    }

    private static String abbreviate(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }

    /**
     * An answer.
     *
     * @param headers by name, without regard to case
     * @param closes whether the server closes the connection after it
     */
    public record Response(int statusCode, Map<String, List<String>> headers, byte[] body, boolean closes) {

        public boolean successful() {
            return statusCode / 100 == 2;
        }
    }

    /** Where a request goes: scheme, host and port. */
    private record Target(boolean secure, String host, int port) {

        static Target of(URI uri) throws IOException {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IOException("Only http and https URLs can be delivered to: " + uri);
            }
            if (uri.getHost() == null) {
                throw new IOException("A URL without a host: " + uri);
            }
            boolean secure = scheme.equals("https");
            return new Target(secure, uri.getHost(), uri.getPort() >= 0 ? uri.getPort() : secure ? 443 : 80);
        }

        String key() {
            return (secure ? "https://" : "http://") + host + ":" + port;
        }

        String hostHeader() {
            return port == (secure ? 443 : 80) ? host : host + ":" + port;
        }
    }

    /** One kept-alive connection; used by one request at a time. */
    private static final class Connection {

        final Socket socket;
        final InputStream in;
        final OutputStream out;
        final StringBuilder line = new StringBuilder(128);
        /** Whether it served a request before (so a failure before the answer means the server had closed it). */
        boolean used;
        /** Whether the current request's answer began. */
        boolean answered;
        long idleSince;
        /** When the current exchange must be over ({@link System#nanoTime()}). */
        volatile long deadline;
        /** Whether the watchdog closed it because the exchange outlived its deadline. */
        volatile boolean timedOut;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), 8192);
            this.out = new BufferedOutputStream(socket.getOutputStream(), 8192);
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing a connection given up on: nothing left to do
            }
        }
    }

    /**
     * The one thread that ends the exchanges past their deadline, for every client of the JVM: started with the first
     * exchange, it looks every {@link #WATCHDOG_TICK} and closes the connection of each one that is late, which makes
     * its blocked read or write fail at once.
     */
    private static final class Watchdog {

        /** The exchanges under way in every client of this JVM, each connection with its deadline. */
        private static final Set<Connection> UNDER_WAY = ConcurrentHashMap.newKeySet();

        static {
            Thread.ofPlatform().daemon().name("http1-client-deadlines").start(Watchdog::run);
        }

        private Watchdog() {
        }

        /** Watches the connection's exchange, which must be over by the deadline ({@link System#nanoTime()}). */
        static void watch(Connection connection, long deadline) {
            connection.deadline = deadline;
            UNDER_WAY.add(connection);
        }

        /** The exchange is over, in time or not. */
        static void release(Connection connection) {
            UNDER_WAY.remove(connection);
        }

        private static void run() {
            while (true) {
                try {
                    Thread.sleep(WATCHDOG_TICK);
                } catch (InterruptedException e) {
                    return;
                }
                long now = System.nanoTime();
                for (Connection connection : UNDER_WAY) {
                    if (now - connection.deadline > 0) {
                        connection.timedOut = true;
                        UNDER_WAY.remove(connection);
                        connection.close();
                    }
                }
            }
        }
    }

    /** The idle connections to one address, the most recently used first. */
    private static final class Pool {

        private final Deque<Connection> idle = new ArrayDeque<>();

        Connection take() {
            long now = System.nanoTime();
            while (true) {
                Connection connection;
                synchronized (this) {
                    connection = idle.pollFirst();
                }
                if (connection == null) {
                    return null;
                }
                if (now - connection.idleSince < MAX_IDLE_NANOS) {
                    return connection;
                }
                connection.close();
            }
        }

        void give(Connection connection) {
            connection.idleSince = System.nanoTime();
            Connection dropped = null;
            synchronized (this) {
                idle.addFirst(connection);
                if (idle.size() > MAX_IDLE_PER_ADDRESS) {
                    dropped = idle.pollLast();
                }
            }
            if (dropped != null) {
                dropped.close();
            }
        }

        void closeAll() {
            List<Connection> all;
            synchronized (this) {
                all = new ArrayList<>(idle);
                idle.clear();
            }
            all.forEach(Connection::close);
        }
    }

    /** A kept-alive connection that turned out closed before the request reached the server. */
    private static final class StaleConnectionException extends IOException {

        StaleConnectionException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
