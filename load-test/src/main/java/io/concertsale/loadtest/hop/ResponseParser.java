package io.concertsale.loadtest.hop;

import java.io.IOException;

/**
 * Finds complete HTTP/1.1 responses in the bytes a keep-alive connection has received so far, without allocating:
 * the status line, {@code Content-Length} or a chunked body, and {@code Connection: close}. One parser per
 * connection; its fields describe the last complete response.
 */
final class ResponseParser {

    /** What {@link #parse} returns while the response is not complete yet. */
    static final int INCOMPLETE = -1;

    private int status;
    private boolean closes;

    /** The status code of the last complete response. */
    int status() {
        return status;
    }

    /** Whether the server closes the connection after the last complete response. */
    boolean closes() {
        return closes;
    }

    /**
     * Looks for one complete response.
     *
     * @param bytes the received bytes
     * @param from where the response starts
     * @param to where the received bytes end
     * @return where the complete response ends, or {@link #INCOMPLETE}
     * @throws IOException when the bytes are no HTTP/1.x response, or one without a length (this client reads only
     *         responses it can delimit on a kept-alive connection)
     */
    int parse(byte[] bytes, int from, int to) throws IOException {
        int lineEnd = lineEnd(bytes, from, to);
        if (lineEnd == INCOMPLETE) {
            return INCOMPLETE;
        }
        if (lineEnd - from < 12 || !startsWith(bytes, from, lineEnd, "http/1.")) {
            throw new IOException("Not an HTTP/1.x status line");
        }
        int code = digit(bytes[from + 9]) * 100 + digit(bytes[from + 10]) * 10 + digit(bytes[from + 11]);
        long contentLength = -1;
        boolean chunked = false;
        boolean close = false;
        int line = lineEnd + 2;
        while (true) {
            lineEnd = lineEnd(bytes, line, to);
            if (lineEnd == INCOMPLETE) {
                return INCOMPLETE;
            }
            if (lineEnd == line) {
                break;
            }
            if (startsWith(bytes, line, lineEnd, "content-length:")) {
                contentLength = number(bytes, line + "content-length:".length(), lineEnd, 10);
            } else if (startsWith(bytes, line, lineEnd, "transfer-encoding:")) {
                chunked = contains(bytes, line, lineEnd, "chunked");
            } else if (startsWith(bytes, line, lineEnd, "connection:")) {
                close = contains(bytes, line, lineEnd, "close");
            }
            line = lineEnd + 2;
        }
        int body = line + 2;
        int end;
        if (chunked) {
            end = chunkedEnd(bytes, body, to);
        } else if (contentLength >= 0) {
            end = to - body >= contentLength ? (int) (body + contentLength) : INCOMPLETE;
        } else if (code / 100 == 1 || code == 204 || code == 304) {
            end = body;
        } else {
            throw new IOException("HTTP " + code + " without Content-Length or chunked body");
        }
        if (end != INCOMPLETE) {
            status = code;
            closes = close;
        }
        return end;
    }

    private static int chunkedEnd(byte[] bytes, int from, int to) throws IOException {
        int at = from;
        while (true) {
            int lineEnd = lineEnd(bytes, at, to);
            if (lineEnd == INCOMPLETE) {
                return INCOMPLETE;
            }
            long size = number(bytes, at, lineEnd, 16);
            at = lineEnd + 2;
            if (size == 0) {
                break;
            }
            if (to - at < size + 2) {
                return INCOMPLETE;
            }
            at += (int) size + 2;
        }
        while (true) {
            int lineEnd = lineEnd(bytes, at, to);
            if (lineEnd == INCOMPLETE) {
                return INCOMPLETE;
            }
            if (lineEnd == at) {
                return at + 2;
            }
            at = lineEnd + 2;
        }
    }

    /** Where the line from {@code from} ends (at its CR), or {@link #INCOMPLETE} without a CRLF yet. */
    private static int lineEnd(byte[] bytes, int from, int to) {
        for (int i = from; i + 1 < to; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return INCOMPLETE;
    }

    /** Whether the line starts with a lowercase ASCII prefix, in any case. */
    private static boolean startsWith(byte[] bytes, int from, int to, String prefix) {
        if (to - from < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (Character.toLowerCase((char) bytes[from + i]) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(byte[] bytes, int from, int to, String word) {
        for (int start = from; start + word.length() <= to; start++) {
            if (startsWith(bytes, start, to, word)) {
                return true;
            }
        }
        return false;
    }

    /** The number from an offset, skipping leading blanks; a chunk size ends at {@code ;} (its extensions). */
    private static long number(byte[] bytes, int from, int to, int radix) throws IOException {
        long value = 0;
        boolean digits = false;
        for (int i = from; i < to; i++) {
            int digit = Character.digit((char) bytes[i], radix);
            if (digit >= 0) {
                value = value * radix + digit;
                digits = true;
            } else if (digits || bytes[i] == ';') {
                break;
            } else if (bytes[i] != ' ' && bytes[i] != '\t') {
                throw new IOException("Not a number in a response line");
            }
        }
        if (!digits) {
            throw new IOException("No number in a response line");
        }
        return value;
    }

    private static int digit(byte b) throws IOException {
        if (b < '0' || b > '9') {
            throw new IOException("Not a status code");
        }
        return b - '0';
    }
}
