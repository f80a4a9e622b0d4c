package io.concertsale.broker.eventlog;

import java.net.URI;
import java.time.Instant;

/** The outcome, so far, of delivering one event to one Trigger's subscriber. Updated by the delivery thread. */
public final class DeliveryRecord {

    private final String trigger;
    private DeliveryStatus status = DeliveryStatus.PENDING;
    private int attempts;
    private URI target;
    private int lastStatusCode;
    private String lastError;
    private URI deadLetterSink;
    private String replyId;
    private Instant updatedAt;

    public DeliveryRecord(String trigger, Instant createdAt) {
        this.trigger = trigger;
        this.updatedAt = createdAt;
    }

    public String trigger() {
        return trigger;
    }

    /**
     * Records one try at the subscriber.
     *
     * @param target the resolved URL, null when the destination could not be resolved
     * @param statusCode the HTTP status, 0 when there was no response
     * @param error what went wrong, null on success
     */
    public synchronized void attempted(URI target, int statusCode, String error, Instant at) {
        this.attempts++;
        this.target = target;
        this.lastStatusCode = statusCode;
        this.lastError = error;
        this.updatedAt = at;
        if (error != null) {
            this.status = DeliveryStatus.RETRYING;
        }
    }

    public synchronized void delivered(String replyId, Instant at) {
        this.status = DeliveryStatus.DELIVERED;
        this.replyId = replyId;
        this.updatedAt = at;
    }

    public synchronized void deadLettered(URI sink, Instant at) {
        this.status = DeliveryStatus.DEAD_LETTERED;
        this.deadLetterSink = sink;
        this.updatedAt = at;
    }

    public synchronized void lost(String reason, Instant at) {
        this.status = DeliveryStatus.LOST;
        this.lastError = lastError == null ? reason : lastError + "; " + reason;
        this.updatedAt = at;
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(trigger, status, attempts, target, lastStatusCode == 0 ? null : lastStatusCode, lastError,
                deadLetterSink, replyId, updatedAt);
    }

    /**
     * A consistent copy.
     *
     * @param lastStatusCode the subscriber's last HTTP status, null when it never answered
     * @param replyId the id of the event the subscriber replied with, if any
     */
    public record Snapshot(String trigger, DeliveryStatus status, int attempts, URI target, Integer lastStatusCode,
            String lastError, URI deadLetterSink, String replyId, Instant updatedAt) {
    }
}
