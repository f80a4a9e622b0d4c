package io.concertsale.queue.waitingroom;

import io.concertsale.events.data.QueueClosed;
import io.concertsale.events.data.QueueCustomerExited;
import io.concertsale.events.data.QueueCustomerQueued;
import io.concertsale.events.data.QueueProgressed;

/**
 * What the waiting room tells the rest of the sale. Called inside the transaction of the change it reports, so the
 * announcement and the change commit together.
 */
public interface QueueAnnouncements {

    void queued(QueueCustomerQueued queued);

    void exited(QueueCustomerExited exited);

    void progressed(QueueProgressed progressed);

    void closed(QueueClosed closed);
}
