package io.concertsale.broker.eventlog.web;

import io.concertsale.broker.eventlog.LoggedEvent;
import io.concertsale.broker.eventlog.StreamSink;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Writes a live stream of the event log as Server-Sent Events: each event one message (id = its sequence number,
 * data = its JSON), {@code event: gap} when the client fell behind and missed some, comments as heartbeats.
 */
final class SseStreamSink implements StreamSink {

    private final SseEmitter emitter;
    private final String broker;

    SseStreamSink(SseEmitter emitter, String broker) {
        this.emitter = emitter;
        this.broker = broker;
    }

    @Override
    public void open() throws IOException {
        write(SseEmitter.event().comment("events of broker " + broker));
    }

    @Override
    public void send(LoggedEvent event) throws IOException {
        write(SseEmitter.event().id(Long.toString(event.sequence())).data(EventView.of(event), MediaType.APPLICATION_JSON));
    }

    @Override
    public void gap(long missed) throws IOException {
        write(SseEmitter.event().name("gap").data(Map.of("missed", missed), MediaType.APPLICATION_JSON));
    }

    @Override
    public void heartbeat() throws IOException {
        write(SseEmitter.event().comment("heartbeat"));
    }

    @Override
    public void close() {
        try {
            emitter.complete();
        } catch (IllegalStateException e) {
            // already completed by the container (client gone, timeout)
        }
    }

    private void write(SseEmitter.SseEventBuilder event) throws IOException {
        try {
            emitter.send(event);
        } catch (IllegalStateException e) {
            throw new IOException("The stream is closed", e);
        }
    }
}
