package io.concertsale.eventkit.http;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's last word as a problem: what Tomcat refuses before any servlet or filter sees the request (a path with an
 * encoded slash or one that climbs out of the root, say) is answered with the sale's {@code application/problem+json}
 * (type {@code urn:concertsale:problem:invalid-request} for a 400, {@code http-<status>} otherwise), never with
 * Tomcat's HTML page. An error a servlet already answered with a body is left as it is.
 */
public final class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "HTTP " + status : known.getReasonPhrase();
        String slug = status == 400 ? "invalid-request" : "http-" + status;
        String detail = status == 400 ? "The server could not read this request (its path or its headers)" : title;
        byte[] body = Problems.json(status, Problems.type(slug), title, detail, null);
        try {
            response.setContentType(Problems.PROBLEM_JSON);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(new String(body, StandardCharsets.UTF_8));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response was committed meanwhile: nothing more to say
        }
    }
}
