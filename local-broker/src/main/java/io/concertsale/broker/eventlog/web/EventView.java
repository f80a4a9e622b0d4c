package io.concertsale.broker.eventlog.web;

import io.concertsale.broker.eventlog.DeliveryRecord;
import io.concertsale.broker.eventlog.EventAttributes;
import io.concertsale.broker.eventlog.LoggedEvent;
import io.concertsale.broker.web.CloudEventJson;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An accepted event as the event log API and stream show it.
 *
 * @param sequence the event's number in the log (also the SSE id)
 * @param attributes every context attribute and extension
 * @param data JSON data as JSON, text as a string
 * @param dataBase64 binary data
 * @param replyTo set when a subscriber replied with this event
 * @param deliveries one per matching Trigger
 */
record EventView(long sequence, Instant receivedAt, Map<String, Object> attributes, Object data, String dataBase64,
        LoggedEvent.ReplyTo replyTo, List<DeliveryRecord.Snapshot> deliveries) {

    static EventView of(LoggedEvent logged) {
        CloudEventJson.Data data = CloudEventJson.data(logged.event());
        return new EventView(logged.sequence(), logged.receivedAt(), EventAttributes.of(logged.event()), data.data(),
                data.dataBase64(), logged.replyTo(), logged.deliveries().stream().map(DeliveryRecord::snapshot).toList());
    }
}
