package io.concertsale.router.job;

import io.concertsale.eventkit.sink.EventSink;
import io.concertsale.eventkit.sink.SinkException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Sends emissions to their sink: the default sink ({@code router.sink}), or the URL a task names in its
 * {@code sink} header, with one client per URL.
 */
public class EventEmitter {

    private final URI defaultSinkUri;
    private final EventSink defaultSink;
    private final Function<URI, EventSink> sinkFactory;
    private final Map<URI, EventSink> sinks = new ConcurrentHashMap<>();

    /**
     * @param sinkFactory makes the client of a sink a task header names
     */
    public EventEmitter(URI defaultSinkUri, EventSink defaultSink, Function<URI, EventSink> sinkFactory) {
        this.defaultSinkUri = defaultSinkUri;
        this.defaultSink = defaultSink;
        this.sinkFactory = sinkFactory;
    }

    /**
     * Sends the event and returns once its sink accepted it (2xx).
     *
     * @throws SinkException when the sink did not accept it
     */
    public void emit(JobEvents.Emission emission) {
        EventSink sink = emission.sink().equals(defaultSinkUri) ? defaultSink
                : sinks.computeIfAbsent(emission.sink(), sinkFactory);
        sink.send(emission.event());
    }
}
