package io.concertsale.loadtest.hop;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.concertsale.events.EventTypes;
import io.concertsale.events.SaleEvents;
import io.concertsale.events.schema.EventSchemas;
import io.concertsale.eventkit.http.CloudEventHttp;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HopRequestTest {

    private final HopRequest request = HopRequest.to(URI.create("http://localhost:8090/default/default"));
    private final SplittableRandom random = new SplittableRandom(1);

    /** Reads the bytes back as a server does: request line, headers, the body by its Content-Length. */
    private static Sent parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        int headersEnd = text.indexOf("\r\n\r\n");
        String[] lines = text.substring(0, headersEnd).split("\r\n");
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon), name -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).strip());
        }
        byte[] body = text.substring(headersEnd + 4).getBytes(StandardCharsets.UTF_8);
        assertThat(headers.get("Content-Length")).containsExactly(String.valueOf(body.length));
        return new Sent(lines[0], headers, CloudEventHttp.read(headers, body));
    }

    private record Sent(String requestLine, Map<String, List<String>> headers, CloudEvent event) {
    }

    @Test
    void isABinaryModeNotificationsRequestedThatMeetsItsSchema() {
        byte[] bytes = request.newBuffer();
        request.refresh(bytes, random);

        Sent sent = parse(bytes);

        assertThat(sent.requestLine()).isEqualTo("POST /default/default HTTP/1.1");
        assertThat(sent.headers().get("Host")).containsExactly("localhost:8090");
        assertThat(sent.headers()).containsKeys("ce-id", "ce-source", "ce-type", "ce-correlationkey");
        assertThat(sent.event().getType()).isEqualTo(EventTypes.NOTIFICATIONS_REQUESTED);
        assertThat(sent.event().getSource()).isEqualTo(HopRequest.SOURCE);
        assertThat(new EventSchemas().violations(EventTypes.NOTIFICATIONS_REQUESTED, SaleEvents.json(sent.event())))
                .isEmpty();
        assertThat(SaleEvents.json(sent.event()).path("sessionId").asString())
                .isEqualTo(SaleEvents.correlationKey(sent.event()).orElseThrow());
    }

    @Test
    void everyRefreshGivesAFreshIdAndAFreshSessionOfTheSameSize() {
        byte[] bytes = request.newBuffer();
        request.refresh(bytes, random);
        CloudEvent first = parse(bytes).event();

        request.refresh(bytes, random);
        CloudEvent second = parse(bytes).event();

        // the event id time-ordered as the services make them, the session id random
        assertThat(second.getId()).isNotEqualTo(first.getId()).hasSameSizeAs(first.getId())
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
                .isGreaterThan(first.getId());
        assertThat(SaleEvents.correlationKey(second)).isNotEqualTo(SaleEvents.correlationKey(first));
        assertThat(SaleEvents.correlationKey(second).orElseThrow())
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(bytes).hasSize(request.requestBytes());
    }

    @Test
    void theFloorGetsTheSameBodyOnItsOwnPath() {
        HopRequest floor = HopRequest.to(URI.create("http://localhost:41234/empty"));
        byte[] bytes = floor.newBuffer();
        floor.refresh(bytes, random);

        assertThat(parse(bytes).requestLine()).isEqualTo("POST /empty HTTP/1.1");
        assertThat(floor.bodyBytes()).isEqualTo(request.bodyBytes()).isPositive();
    }
}
