package io.concertsale.broker.delivery;

/** Where the dispatcher records progress so that deliveries survive a restart of the broker. */
public interface DeliveryLog {

    /** A delivery used this many tries so far (the first try counts as one). */
    void attempted(long seq, String trigger, int attempts);

    /** A delivery finished for good: delivered, dead-lettered or given up. */
    void done(long seq, String trigger);

    /** Records nothing: for a broker whose deliveries need not survive it. */
    DeliveryLog NONE = new DeliveryLog() {
        @Override
        public void attempted(long seq, String trigger, int attempts) {
        }

        @Override
        public void done(long seq, String trigger) {
        }
    };
}
