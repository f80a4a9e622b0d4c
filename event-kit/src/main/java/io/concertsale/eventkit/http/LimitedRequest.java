package io.concertsale.eventkit.http;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A request whose body of unknown length (chunked) is counted as the application reads it: the read that goes above
 * the limit answers 413 {@code payload-too-large} ({@link BodySizeLimitFilter#refuse}), closes the response so that
 * nothing the application writes after it goes out, and fails with {@link BodyTooLargeException}. No read takes
 * more than one byte past the limit from the container. Counting costs an addition per read call, no copy.
 */
final class LimitedRequest extends HttpServletRequestWrapper {

    private final HttpServletResponse response;
    private final long limit;
    private ServletInputStream stream;
    private BufferedReader reader;
    private long read;
    private boolean refused;

    LimitedRequest(HttpServletRequest request, HttpServletResponse response, long limit) {
        super(request);
        this.response = response;
        this.limit = limit;
    }

    /** Whether the body went above the limit and was answered 413. */
    boolean refused() {
        return refused;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (reader != null) {
            throw new IllegalStateException("getReader() was called already");
        }
        if (stream == null) {
            stream = new CountingStream(super.getInputStream());
        }
        return stream;
    }

    @Override
    public BufferedReader getReader() throws IOException {
        if (reader == null) {
            if (stream != null) {
                throw new IllegalStateException("getInputStream() was called already");
            }
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
            reader = new BufferedReader(new InputStreamReader(new CountingStream(super.getInputStream()), charset));
        }
        return reader;
    }

    private void count(int bytes) throws IOException {
        if (bytes <= 0) {
            return;
        }
        read += bytes;
        if (read > limit) {
            if (!refused) {
                refused = true;
                BodySizeLimitFilter.refuse((HttpServletRequest) getRequest(), response, limit);
                try {
                    response.getOutputStream().close();
                } catch (IllegalStateException e) {
                    // the application writes through getWriter(): close that
                    response.getWriter().close();
                }
            }
            throw new BodyTooLargeException(limit);
        }
    }

    /** The body went above the limit; the 413 is answered already. */
    static final class BodyTooLargeException extends IOException {

        BodyTooLargeException(long limit) {
            super("The request body went above " + limit + " bytes (answered 413)");
        }
    }

    /** The container's stream, counted. */
    private final class CountingStream extends ServletInputStream {

        private final ServletInputStream in;

        CountingStream(ServletInputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            refuseAgain();
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            refuseAgain();
            // never more than one byte past the limit: the body read through here stays within limit + 1 bytes
            int n = in.read(buffer, offset, (int) Math.min(length, limit - read + 1));
            count(n);
            return n;
        }

        private void refuseAgain() throws IOException {
            if (refused) {
                throw new BodyTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
