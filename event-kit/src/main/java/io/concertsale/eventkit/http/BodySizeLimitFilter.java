package io.concertsale.eventkit.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;

/**
 * Refuses a request body larger than the service takes with 413 {@code payload-too-large}, before it is read whole:
 * a {@code Content-Length} above the limit is answered at once, without reading a byte of the body; a body of
 * unknown length (chunked) is counted while the application reads it ({@link LimitedRequest}) and refused as soon
 * as it goes above, so no more than the limit is ever handed on. A body within its declared length passes as it is,
 * without a wrapper: the event plane's hot path pays one header lookup per request.
 *
 * <p>The limit is one for the whole service, except for the paths given larger (or smaller) limits of their own; the
 * longest path that a request's path starts with wins. Bodies that the servlet container reads by itself (form
 * parameters, multipart parts) are bounded by its own settings when they are chunked.
 */
public final class BodySizeLimitFilter implements Filter {

    /**
     * Where it goes among the filters: after the character encoding and the request's observation (a refusal is
     * observed), before security and everything else.
     */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

    /** The problem slug of the refusal. */
    public static final String SLUG = "payload-too-large";

    private final long limit;
    private final long smallestLimit;
    private final List<Map.Entry<String, Long>> pathLimits;

    /**
     * @param limit the largest body taken, in bytes
     * @param pathLimits limits of their own for the paths that start with a key
     */
    public BodySizeLimitFilter(long limit, Map<String, Long> pathLimits) {
        if (limit < 0) {
            throw new IllegalArgumentException("A body limit is 0 or more bytes, not " + limit);
        }
        this.limit = limit;
        this.pathLimits = pathLimits.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, Long> entry) -> entry.getKey().length()).reversed())
                .map(entry -> Map.entry(entry.getKey(), entry.getValue()))
                .toList();
        this.smallestLimit = Math.min(limit, this.pathLimits.stream().mapToLong(Map.Entry::getValue).min()
                .orElse(limit));
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        long length = request.getContentLengthLong();
        if (length >= 0 && length <= smallestLimit) {
            // the hot path: a declared length within every limit, which the container reads no further than
            chain.doFilter(request, response);
            return;
        }
        if (length < 0 && request.getHeader("Transfer-Encoding") == null) {
            // no body at all
            chain.doFilter(request, response);
            return;
        }
        long applies = limitOf(request);
        if (length > applies) {
            refuse(request, response, applies);
            return;
        }
        if (length >= 0) {
            // within the path's own larger limit
            chain.doFilter(request, response);
            return;
        }
        LimitedRequest limited = new LimitedRequest(request, response, applies);
        try {
            chain.doFilter(limited, response);
        } catch (IOException | ServletException | RuntimeException e) {
            if (!limited.refused()) {
                throw e;
            }
            // the 413 is out; what the application made of the broken body does not matter
        }
    }

    /** The limit for the request's path. */
    long limitOf(HttpServletRequest request) {
        if (pathLimits.isEmpty()) {
            return limit;
        }
        String path = request.getRequestURI();
        for (Map.Entry<String, Long> pathLimit : pathLimits) {
            if (path.startsWith(pathLimit.getKey())) {
                return pathLimit.getValue();
            }
        }
        return limit;
    }

    /** Answers 413 problem+json, unless the response is already on its way. */
    static void refuse(HttpServletRequest request, HttpServletResponse response, long limit) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.reset();
        Problems.write(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, Problems.type(SLUG),
                "Payload Too Large", "A request body here may hold at most " + limit + " bytes",
                request.getRequestURI());
        response.flushBuffer();
    }
}
