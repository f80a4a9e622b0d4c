package io.concertsale.loadtest.hop;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.concertsale.events.EventIds;
import io.concertsale.events.EventTypes;
import io.concertsale.events.SaleEvents;
import io.concertsale.events.data.NotificationsRequested;
import io.concertsale.eventkit.http.CloudEventHttp;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * The request every measurement sends: a {@code Notifications.Requested} for a session nobody has, as the CloudEvents
 * SDK writes it in binary mode (the way the services send events), as HTTP/1.1 bytes. Before every send a fresh
 * {@code id} and a fresh session id ({@code correlationkey} and {@code data.sessionId}) are written into the same
 * bytes, so a send allocates nothing. The floor server gets the very same request but for its path and Host.
 */
final class HopRequest {

    // the catalog producer of Notifications.Requested: the services refuse an event from any other source
    static final URI SOURCE = URI.create("urn:concertsale:zeebe-cloud-events-router");

    private static final String ID = "00000000-0000-4000-8000-00000000000a";
    private static final String SESSION = "00000000-0000-4000-8000-00000000000b";
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final byte[] template;
    private final int[] idAt;
    private final int[] sessionAt;
    private final int bodyBytes;

    private HopRequest(byte[] template, int[] idAt, int[] sessionAt, int bodyBytes) {
        this.template = template;
        this.idAt = idAt;
        this.sessionAt = sessionAt;
        this.bodyBytes = bodyBytes;
    }

    /** The request to a target URL (the broker's ingress, the floor server's endpoint). */
    static HopRequest to(URI target) {
        return to(target, null);
    }

    /** The request to a target URL with this {@code Authorization} header ({@code null}: none). */
    static HopRequest to(URI target, String authorization) {
        CloudEvent event = CloudEventBuilder.v1(new SaleEvents(SOURCE).journey(EventTypes.NOTIFICATIONS_REQUESTED,
                SESSION, new NotificationsRequested(SESSION, "HOP_BENCHMARK", "One hop of the event plane, measured")))
                .withId(ID).build();
        CloudEventHttp.BinaryMessage message = CloudEventHttp.write(event);
        String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        StringBuilder head = new StringBuilder("POST ").append(path)
                .append(target.getRawQuery() == null ? "" : "?" + target.getRawQuery()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(target.getHost()).append(':').append(target.getPort()).append("\r\n");
        message.forEachHeader((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (authorization != null) {
            head.append("Authorization: ").append(authorization).append("\r\n");
        }
        head.append("Content-Length: ").append(message.body().length).append("\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[headBytes.length + message.body().length];
        System.arraycopy(headBytes, 0, bytes, 0, headBytes.length);
        System.arraycopy(message.body(), 0, bytes, headBytes.length, message.body().length);
        int[] idAt = offsets(bytes, ID);
        int[] sessionAt = offsets(bytes, SESSION);
        if (idAt.length != 1 || sessionAt.length != 2) {
            throw new IllegalStateException("The event's id should appear once and its session twice (correlationkey, "
                    + "data.sessionId) in: " + new String(bytes, StandardCharsets.UTF_8));
        }
        return new HopRequest(bytes, idAt, sessionAt, message.body().length);
    }

    /** A copy of the request's bytes for one connection to refresh and send. */
    byte[] newBuffer() {
        return template.clone();
    }

    /**
     * Writes a fresh event id and session id into a buffer from {@link #newBuffer()}: the event id time-ordered
     * (version 7), as the services' outboxes make them ({@link EventIds}), the session id random (version 4).
     */
    void refresh(byte[] buffer, RandomGenerator random) {
        UUID id = EventIds.nextUuid();
        writeUuid(buffer, idAt, id.getMostSignificantBits(), id.getLeastSignificantBits());
        writeUuid(buffer, sessionAt, (random.nextLong() & ~0xF000L) | 0x4000L, random.nextLong());
    }

    /** The whole request, head and body. */
    int requestBytes() {
        return template.length;
    }

    /** The event's data, the request's body. */
    int bodyBytes() {
        return bodyBytes;
    }

    /** Writes a UUID with these bits, the variant bits set (the version bits are the caller's). */
    private static void writeUuid(byte[] buffer, int[] offsets, long msb, long low) {
        long lsb = (low & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        for (int offset : offsets) {
            int at = offset;
            for (int nibble = 0; nibble < 32; nibble++) {
                if (nibble == 8 || nibble == 12 || nibble == 16 || nibble == 20) {
                    buffer[at++] = '-';
                }
                long word = nibble < 16 ? msb : lsb;
                buffer[at++] = HEX[(int) (word >>> (60 - 4 * (nibble % 16))) & 0xF];
            }
        }
    }

    private static int[] offsets(byte[] bytes, String text) {
        byte[] wanted = text.getBytes(StandardCharsets.US_ASCII);
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i + wanted.length <= bytes.length; i++) {
            int j = 0;
            while (j < wanted.length && bytes[i + j] == wanted[j]) {
                j++;
            }
            if (j == wanted.length) {
                found.add(i);
            }
        }
        return found.stream().mapToInt(Integer::intValue).toArray();
    }
}
