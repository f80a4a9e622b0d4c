package io.concertsale.loadtest;

/**
 * How the fans followed their sessions during a run.
 *
 * @param polls reads of a session by a fan told to poll (far back in the queue, or without a socket)
 * @param socketsOpened WebSockets opened
 * @param peakOpenSockets the most WebSockets open at once
 * @param socketsRefused WebSocket handshakes the gateway refused (503: it had none to spare)
 */
public record FollowCounts(long polls, long socketsOpened, int peakOpenSockets, long socketsRefused) {
}
