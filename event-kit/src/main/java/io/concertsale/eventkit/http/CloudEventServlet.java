package io.concertsale.eventkit.http;

import io.cloudevents.CloudEvent;
import io.concertsale.events.InvalidEventException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * An endpoint that takes one CloudEvent per {@code POST} (binary or structured mode), as a plain servlet: the
 * event plane's hot paths (the broker's ingress, every service's {@code /events}) read the event straight from
 * the request, without Spring MVC's handler mapping, argument resolution and content negotiation, which cost more
 * per delivery than everything the endpoint itself does. The servlet filters (security, the request's observation)
 * still apply. A request that is no valid CloudEvent gets 400 problem+json; any other method 405.
 */
public abstract class CloudEventServlet extends HttpServlet {

    /**
     * Handles a valid CloudEvent and writes the answer.
     *
     * @throws InvalidEventException when the event can never be handled here (answered 400)
     * @throws ProblemException for any other answer that is a problem
     */
    protected abstract void receive(CloudEvent event, HttpServletResponse response) throws IOException;

    /**
     * Handles a valid CloudEvent from an authenticated sender; by default as {@link #receive(CloudEvent,
     * HttpServletResponse)} does, for endpoints that do not ask who sent it.
     *
     * @param sender the subject {@link #authenticate} returned
     */
    protected void receive(CloudEvent event, String sender, HttpServletResponse response) throws IOException {
        receive(event, response);
    }

    /**
     * Checks who is calling, before the body is read: nothing of an unauthenticated request is read or kept.
     *
     * @return the sender's subject, or {@code null} when this endpoint does not ask
     * @throws ProblemException 401 without a valid credential (with its {@code WWW-Authenticate} challenge)
     */
    protected String authenticate(HttpServletRequest request) {
        return null;
    }

    /**
     * The problem type URI of a slug: the catalog's ({@link Problems#type}) unless an endpoint that must not name the
     * sale has its own.
     */
    protected URI problemType(String slug) {
        return Problems.type(slug);
    }

    /** Told of every request that is no valid CloudEvent, before the 400 goes out. */
    protected void unreadable(InvalidEventException e) {
    }

    @Override
    protected final void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String sender;
        try {
            sender = authenticate(request);
        } catch (ProblemException e) {
            problem(request, response, e);
            return;
        }
        CloudEvent event;
        try {
            event = read(request);
        } catch (InvalidEventException e) {
            unreadable(e);
            invalid(request, response, e);
            return;
        }
        try {
            receive(event, sender, response);
        } catch (InvalidEventException e) {
            invalid(request, response, e);
        } catch (ProblemException e) {
            problem(request, response, e);
        }
    }

    private void problem(HttpServletRequest request, HttpServletResponse response, ProblemException e)
            throws IOException {
        if (e.retryAfterSeconds() > 0) {
            response.setHeader("Retry-After", Integer.toString(e.retryAfterSeconds()));
        }
        if (e.challenge() != null) {
            response.setHeader("WWW-Authenticate", e.challenge());
        }
        Problems.write(response, e.status(), problemType(e.slug()), e.title(), e.getMessage(),
                request.getRequestURI());
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws jakarta.servlet.ServletException, IOException {
        if ("POST".equals(request.getMethod())) {
            doPost(request, response);
            return;
        }
        response.setHeader("Allow", "POST");
        Problems.write(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, problemType("method-not-allowed"),
                "Method Not Allowed", "Send one CloudEvent per POST", request.getRequestURI());
    }

    /**
     * Reads the CloudEvent of a request: its {@code ce-} headers and {@code Content-Type} exactly as sent, and its
     * body.
     *
     * @throws InvalidEventException when it is no valid CloudEvent
     */
    public static CloudEvent read(HttpServletRequest request) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        Enumeration<String> names = request.getHeaderNames();
        while (names.hasMoreElements()) {
            String name = names.nextElement();
            if (name.regionMatches(true, 0, "ce-", 0, 3) || name.equalsIgnoreCase("content-type")) {
                List<String> values = new ArrayList<>(1);
                request.getHeaders(name).asIterator().forEachRemaining(values::add);
                headers.put(name.toLowerCase(Locale.ROOT), values);
            }
        }
        return CloudEventHttp.read(headers, body(request));
    }

    /** The body: as many bytes as {@code Content-Length} says in one read when it says, otherwise all there are. */
    private static byte[] body(HttpServletRequest request) throws IOException {
        long length = request.getContentLengthLong();
        if (length < 0 || length > Integer.MAX_VALUE - 8) {
            return request.getInputStream().readAllBytes();
        }
        byte[] body = request.getInputStream().readNBytes((int) length);
        if (body.length < length) {
            throw new InvalidEventException("malformed-event", "The body ended after " + body.length + " of "
                    + length + " bytes");
        }
        return body;
    }

    private void invalid(HttpServletRequest request, HttpServletResponse response, InvalidEventException e)
            throws IOException {
        Problems.write(response, HttpServletResponse.SC_BAD_REQUEST, problemType(e.problem()), "Invalid CloudEvent",
                e.getMessage(), request.getRequestURI());
    }

    /** An answer other than success, with the catalog's problem slug. */
    public static class ProblemException extends RuntimeException {

        private final int status;
        private final String slug;
        private final String title;
        private final int retryAfterSeconds;
        private final String challenge;

        /**
         * @param retryAfterSeconds the {@code Retry-After} to send, or 0 for none
         */
        public ProblemException(int status, String slug, String title, String detail, int retryAfterSeconds,
                Throwable cause) {
            this(status, slug, title, detail, retryAfterSeconds, null, cause);
        }

        /**
         * @param challenge the {@code WWW-Authenticate} header of a 401, or {@code null}
         */
        public ProblemException(int status, String slug, String title, String detail, int retryAfterSeconds,
                String challenge, Throwable cause) {
            super(detail, cause);
            this.status = status;
            this.slug = slug;
            this.title = title;
            this.retryAfterSeconds = retryAfterSeconds;
            this.challenge = challenge;
        }

        /** The {@code WWW-Authenticate} challenge of a 401, or {@code null}. */
        public String challenge() {
            return challenge;
        }

        public int status() {
            return status;
        }

        public String slug() {
            return slug;
        }

        public String title() {
            return title;
        }

        public int retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
