package io.concertsale.eventkit.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for what a regular client cannot do: announce a body it never sends (a huge
 * {@code Content-Length}, to see a server answer before reading it) or send a body chunked without a length. Every
 * request asks for {@code Connection: close}. A chunked body is only refused by a server that reads it: send it where
 * the body is read (past authentication, to a handler that takes a body).
 */
public final class RawHttp {

    private static final int TIMEOUT_MILLIS = 30_000;

    private RawHttp() {
    }

    /** A response: its status, its headers (names in lower case) and its body as UTF-8. */
    public record Response(int status, Map<String, String> headers, String body) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * Sends a {@code POST} with the headers and a {@code Content-Length} of {@code length}, but no byte of the body,
     * and reads the answer: only a server that answers without waiting for the body answers at all.
     */
    public static Response postAnnouncing(URI server, String path, long length, Map<String, String> headers) {
        return announcing("POST", server, path, length, headers);
    }

    /** {@link #postAnnouncing} with another method. */
    public static Response announcing(String method, URI server, String path, long length,
            Map<String, String> headers) {
        try (Socket socket = connect(server)) {
            OutputStream out = socket.getOutputStream();
            out.write(head(method, server, path, headers, "Content-Length: " + length));
            out.flush();
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("No answer from " + server + path, e);
        }
    }

    /**
     * Sends a {@code POST} with the body in chunks ({@code Transfer-Encoding: chunked}, no length) and reads the
     * answer. Stops sending as soon as the server answers or stops reading (as a server refusing the body does).
     */
    public static Response postChunked(URI server, String path, byte[] body, int chunkSize,
            Map<String, String> headers) {
        return chunked("POST", server, path, body, chunkSize, headers);
    }

    /** {@link #postChunked} with another method. */
    public static Response chunked(String method, URI server, String path, byte[] body, int chunkSize,
            Map<String, String> headers) {
        try (Socket socket = connect(server)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(head(method, server, path, headers, "Transfer-Encoding: chunked"));
            try {
                boolean answered = false;
                for (int offset = 0; offset < body.length && !answered; offset += chunkSize) {
                    int length = Math.min(chunkSize, body.length - offset);
                    out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body, offset, length);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    answered = in.available() > 0;
                }
                if (!answered) {
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException e) {
                // the server closed its side while the body was still going: its answer may be there to read
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("No answer from " + server + path, e);
        }
    }

    private static Socket connect(URI server) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), TIMEOUT_MILLIS);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        return socket;
    }

    private static byte[] head(String method, URI server, String path, Map<String, String> headers,
            String framing) {
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(server.getHost()).append(':').append(server.getPort()).append("\r\n")
                .append("Connection: close\r\n").append(framing).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        return head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads one response: status line, headers, and a body by its length, its chunks, or up to the end. */
    private static Response read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null || !statusLine.startsWith("HTTP/1.")) {
            throw new IOException("Not an HTTP response: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        byte[] body;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream chunks = new ByteArrayOutputStream();
            for (int size = chunkSize(in); size > 0; size = chunkSize(in)) {
                chunks.write(in.readNBytes(size));
                line(in);
            }
            body = chunks.toByteArray();
        } else if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else {
            body = in.readAllBytes();
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static int chunkSize(InputStream in) throws IOException {
        String line = line(in);
        return line == null ? 0 : Integer.parseInt(line.split(";", 2)[0].strip(), 16);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
