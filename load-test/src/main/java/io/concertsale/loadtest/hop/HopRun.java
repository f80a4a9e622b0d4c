package io.concertsale.loadtest.hop;

import java.util.Map;

/**
 * What a measured window of the hop did.
 *
 * @param warmupAccepted events the broker accepted during the warm-up (all handled before the window began)
 * @param sent events sent in the window
 * @param accepted answered 202 by the broker's ingress
 * @param errors any other answer, or none
 * @param errorKinds the errors by kind
 * @param handled the rise of the gateway's {@code sale.events.received{type=Notifications.Requested,
 *        outcome=HANDLED}} from the window's start until it reached {@code accepted} (or stopped rising)
 * @param duplicates the rise of its DUPLICATE count meanwhile (redeliveries; 0 when nothing failed)
 * @param rejected the rise of its REJECTED counts meanwhile (the type's and {@code other})
 * @param missing accepted but not handled when the count stopped rising ({@code accepted - handled})
 * @param seconds from the window's first send to the answer of the read that saw the count's last rise
 * @param lastCommitUncertaintyMillis how much earlier the last event may have committed: the time from sending the
 *        read before the last rise to that rise's answer (the rate is conservative by at most this much)
 * @param eventsPerSecond {@code handled / seconds}
 * @param clientCpuMicrosPerRequest the CPU time the client's JVM used while sending in the window, per request sent
 *        (its reads of the gateway's count included)
 */
public record HopRun(long warmupAccepted, long sent, long accepted, long errors, Map<String, Long> errorKinds,
        long handled, long duplicates, long rejected, long missing, double seconds, double lastCommitUncertaintyMillis,
        double eventsPerSecond, double clientCpuMicrosPerRequest) {
}
