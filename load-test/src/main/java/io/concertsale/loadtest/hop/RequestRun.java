package io.concertsale.loadtest.hop;

import java.util.Map;

/**
 * What a measured window of plain requests did: the floor server's, or the client's own ceiling.
 *
 * @param sent requests sent in the window
 * @param answered answered 202
 * @param errors any other answer, or none
 * @param errorKinds the errors by kind
 * @param seconds from the window's first send to its last answer
 * @param requestsPerSecond {@code answered / seconds}
 * @param clientCpuMicrosPerRequest the CPU time the client's JVM used in the window per request sent: its share of
 *        the cores it has in common with the server
 */
public record RequestRun(long sent, long answered, long errors, Map<String, Long> errorKinds, double seconds,
        double requestsPerSecond, double clientCpuMicrosPerRequest) {
}
