package io.concertsale.eventkit.sink;

import io.cloudevents.CloudEvent;
import io.concertsale.eventkit.http.CloudEventHttp;
import io.concertsale.eventkit.http.Http1Client;
import io.concertsale.eventkit.identity.TokenFile;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts events in binary mode to the sink with bounded retries and exponential backoff. Retries what Knative
 * retries: no response, 404, 408, 409, 429 and 5xx; any other 4xx is final. Over the event plane's own HTTP/1.1
 * client ({@link Http1Client}) on kept-alive connections. With a {@link TokenFile}, every request carries the
 * service's token ({@code Authorization: Bearer}); a 401 makes it read the file again and retry, since the token may
 * have been renewed just now.
 */
public class HttpEventSink implements EventSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpEventSink.class);

    private final URI sink;
    private final Http1Client client;
    private final int attempts;
    private final Duration backoff;
    private final TokenFile token;

    /**
     * @param attempts how many times to try in all (at least 1)
     * @param backoff the wait before the second try; it doubles for each further try
     */
    public HttpEventSink(URI sink, int attempts, Duration backoff, Duration timeout) {
        this(sink, attempts, backoff, timeout, null);
    }

    /**
     * @param token this service's token, sent with every event; {@code null} for none
     */
    public HttpEventSink(URI sink, int attempts, Duration backoff, Duration timeout, TokenFile token) {
        this.sink = sink;
        this.attempts = Math.max(1, attempts);
        this.backoff = backoff;
        this.token = token;
        this.client = new Http1Client(timeout, timeout);
    }

    public URI uri() {
        return sink;
    }

    @Override
    public void send(CloudEvent event) {
        CloudEventHttp.BinaryMessage message = CloudEventHttp.write(event);
        SinkException last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1) {
                sleep(backoff.multipliedBy(1L << Math.min(attempt - 2, 10)));
            }
            try {
                Http1Client.Response response = client.post(sink, headers(message), message.body());
                int status = response.statusCode();
                if (response.successful()) {
                    return;
                }
                boolean renewed = status == 401 && token != null;
                if (renewed) {
                    token.refresh();
                }
                last = new SinkException("Sink " + sink + " answered " + status + " to " + event.getType() + " "
                        + event.getId() + ": " + abbreviate(new String(response.body(), StandardCharsets.UTF_8)),
                        renewed || retryable(status), status, null);
                if (!last.retryable()) {
                    throw last;
                }
            } catch (IOException e) {
                last = new SinkException("Sink " + sink + " unreachable for " + event.getType() + " " + event.getId()
                        + ": " + e, true, 0, e);
            }
            log.debug("Attempt {} of {} failed: {}", attempt, attempts, last.getMessage());
        }
        throw last;
    }

    private Map<String, String> headers(CloudEventHttp.BinaryMessage message) {
        String bearer = token == null ? null : token.get();
        if (bearer != null) {
            message.headers().put("Authorization", "Bearer " + bearer);
        }
        return message.headers();
    }

    /** Closes the kept-alive connections. */
    @Override
    public void close() {
        client.close();
    }

    /** The statuses Knative's delivery retries. */
    public static boolean retryable(int status) {
        return status == 404 || status == 408 || status == 409 || status == 429 || status >= 500;
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SinkException("Interrupted while backing off", true, 0, e);
        }
    }
}
