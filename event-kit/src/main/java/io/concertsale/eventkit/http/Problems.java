package io.concertsale.eventkit.http;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The one problem vocabulary of the sale: every refusal of every service and of the broker is an RFC 9457 problem
 * whose type is the catalog's {@code urn:concertsale:problem:<slug>}, with a title and a detail. Controller advices
 * build it as a {@link ProblemDetail} ({@link #of}); filters, handshake interceptors and plain servlets, which
 * answer before Spring MVC, write the same JSON ({@link #json}, {@link #write}).
 */
public final class Problems {

    /** The media type of every problem answer. */
    public static final String PROBLEM_JSON = "application/problem+json";
    /** What every problem type URI starts with; the slug follows. */
    public static final String TYPE_PREFIX = "urn:concertsale:problem:";

    private Problems() {
    }

    /** The problem type URI for a slug such as {@code unknown-type}. */
    public static URI type(String slug) {
        return URI.create(TYPE_PREFIX + slug);
    }

    /** A problem of the catalog's type for the slug, for a controller advice or a controller to answer. */
    public static ProblemDetail of(HttpStatus status, String slug, String title, String detail) {
        return of(status, type(slug), title, detail);
    }

    /** A problem of a type of its own (an endpoint that must not name the sale). */
    public static ProblemDetail of(HttpStatus status, URI type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        return problem;
    }

    /** Answers a servlet request with a problem of the type URI given. */
    public static void write(HttpServletResponse response, int status, URI type, String title, String detail,
            String instance) throws IOException {
        byte[] body = json(status, type, title, detail, instance);
        response.setStatus(status);
        response.setContentType(PROBLEM_JSON);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /**
     * The problem as UTF-8 JSON: {@code type}, {@code title}, {@code status}, and {@code detail} and {@code instance}
     * when given.
     */
    public static byte[] json(int status, URI type, String title, String detail, String instance) {
        StringBuilder json = new StringBuilder(256).append('{');
        field(json, "type", type.toString()).append(',');
        field(json, "title", title).append(',');
        json.append("\"status\":").append(status);
        if (detail != null) {
            field(json.append(','), "detail", detail);
        }
        if (instance != null) {
            field(json.append(','), "instance", instance);
        }
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static StringBuilder field(StringBuilder json, String name, String value) {
        json.append('"').append(name).append("\":\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }
}
