package io.concertsale.gateway.sale;

/** Published inside the transaction that stored a newer {@code Queue.Progressed}; pushes follow after commit. */
public record QueueProgressChanged(QueueProgress progress) {
}
