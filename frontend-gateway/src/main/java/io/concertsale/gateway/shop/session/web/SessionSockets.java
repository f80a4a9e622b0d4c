package io.concertsale.gateway.shop.session.web;

import io.concertsale.gateway.config.GatewayProperties;
import io.concertsale.gateway.sale.QueueProgress;
import io.concertsale.gateway.sale.QueueProgressChanged;
import io.concertsale.gateway.sale.SaleReset;
import io.concertsale.gateway.sale.SaleService;
import io.concertsale.gateway.shop.session.ConnectedSessions;
import io.concertsale.gateway.shop.session.FollowPolicy;
import io.concertsale.gateway.shop.session.Session;
import io.concertsale.gateway.shop.session.SessionChanged;
import io.concertsale.gateway.shop.session.SessionService;
import io.concertsale.gateway.shop.session.SessionView;
import io.concertsale.gateway.shop.session.Stage;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /ws/sessions/{id}}: sends the session's JSON on connect, then the full JSON after every change, and the
 * recomputed position and ETA on every queue tick while the session waits. Each socket takes a place in the
 * {@link SocketBudget} while it is open; one that finds none left is closed at once (the page polls instead).
 *
 * <p>Pushes start only after the transaction that made the change committed ({@link TransactionalEventListener}),
 * and run on their own virtual threads, so event handling never waits for a socket. Each socket is wrapped in a
 * {@link ConcurrentWebSocketSessionDecorator}: a slow browser gets its updates buffered up to a limit (the oldest
 * dropped first: only the latest state matters) and is disconnected when a send takes too long. A state is only
 * sent when it differs from the last one sent, and never replaced by an older one (session version, progress time).
 */
@Component
public class SessionSockets extends TextWebSocketHandler implements ConnectedSessions {

    /** The session does not exist (never created, or cleared by a sale reset). */
    public static final CloseStatus UNKNOWN_SESSION = new CloseStatus(4404, "Unknown session");
    /** The operator reset the sale: the session no longer exists. */
    public static final CloseStatus SALE_RESET = new CloseStatus(4410, "The sale was reset");

    private static final Logger log = LoggerFactory.getLogger(SessionSockets.class);
    private static final String SOCKET = SessionSockets.class.getName() + ".socket";
    private static final String SESSION_ID = SessionSockets.class.getName() + ".sessionId";
    private static final String BUDGETED = SessionSockets.class.getName() + ".budgeted";

    private final SessionService sessions;
    private final SaleService sales;
    private final FollowPolicy follow;
    private final SocketBudget budget;
    private final JsonMapper json;
    private final GatewayProperties.WebSocket settings;
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final AtomicReference<QueueProgress> progress = new AtomicReference<>(QueueProgress.NONE);
    private volatile QueueProgress pushedProgress = QueueProgress.NONE;
    private final ExecutorService pushes = Executors.newVirtualThreadPerTaskExecutor();

    public SessionSockets(SessionService sessions, SaleService sales, FollowPolicy follow, SocketBudget budget,
            JsonMapper json, GatewayProperties properties) {
        this.sessions = sessions;
        this.sales = sales;
        this.follow = follow;
        this.budget = budget;
        this.json = json;
        this.settings = properties.websocket();
    }

    // ---------------------------------------------------------------- sockets

    @Override
    public void afterConnectionEstablished(WebSocketSession socket) throws IOException {
        if (!budget.take()) {
            socket.close(SocketBudget.NO_SOCKET_TO_SPARE);
            return;
        }
        socket.getAttributes().put(BUDGETED, Boolean.TRUE);
        String id = sessionId(socket.getUri());
        Optional<Session> session = id == null ? Optional.empty() : sessions.find(id);
        if (session.isEmpty()) {
            socket.close(UNKNOWN_SESSION);
            return;
        }
        WebSocketSession concurrent = new ConcurrentWebSocketSessionDecorator(socket,
                (int) settings.sendTimeLimit().toMillis(), (int) settings.bufferSizeLimit().toBytes(),
                ConcurrentWebSocketSessionDecorator.OverflowStrategy.DROP);
        socket.getAttributes().put(SOCKET, concurrent);
        socket.getAttributes().put(SESSION_ID, id);
        Channel channel = channels.compute(id, (key, existing) -> {
            Channel joined = existing != null ? existing : new Channel(id);
            joined.sockets.add(concurrent);
            return joined;
        });
        sessions.touch(id);
        channel.greet(concurrent, session.get(), currentProgress());
    }

    @Override
    public void afterConnectionClosed(WebSocketSession socket, CloseStatus status) {
        if (socket.getAttributes().remove(BUDGETED) != null) {
            budget.release();
        }
        String id = (String) socket.getAttributes().get(SESSION_ID);
        Object concurrent = socket.getAttributes().get(SOCKET);
        if (id == null) {
            return;
        }
        channels.computeIfPresent(id, (key, channel) -> {
            channel.sockets.remove(concurrent);
            return channel.sockets.isEmpty() ? null : channel;
        });
        sessions.touch(id);
    }

    @Override
    public void handleTransportError(WebSocketSession socket, Throwable exception) throws IOException {
        log.debug("WebSocket {} failed: {}", socket.getId(), exception.toString());
        if (socket.isOpen()) {
            socket.close(CloseStatus.SERVER_ERROR);
        }
    }

    @Override
    public Set<String> connected() {
        return Set.copyOf(channels.keySet());
    }

    /** The session id in {@code /ws/sessions/{id}}. */
    static String sessionId(URI uri) {
        if (uri == null || uri.getPath() == null) {
            return null;
        }
        String path = uri.getPath();
        String id = path.substring(path.lastIndexOf('/') + 1);
        return id.isBlank() || id.length() > 64 ? null : id;
    }

    // ---------------------------------------------------------------- changes, after commit

    @TransactionalEventListener(fallbackExecution = true)
    void sessionChanged(SessionChanged change) {
        if (change.many()) {
            push(() -> channels.keySet().forEach(this::refresh));
        } else if (channels.containsKey(change.sessionId())) {
            push(() -> refresh(change.sessionId()));
        }
    }

    @TransactionalEventListener(fallbackExecution = true)
    void queueProgressed(QueueProgressChanged change) {
        progress.accumulateAndGet(change.progress(), (known, next) -> next.notOlderThan(known) ? next : known);
    }

    /**
     * Pushes the waiting room's progress to the waiting sessions, at most once per progress interval however often
     * the queue reports: with thousands of fans waiting, one push per queue tick would cost a render per fan per tick.
     */
    public void pushProgress() {
        QueueProgress latest = progress.get();
        if (channels.isEmpty() || latest == pushedProgress) {
            return;
        }
        pushedProgress = latest;
        channels.values().forEach(channel -> channel.update(null, latest));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void saleReset(SaleReset reset) {
        progress.set(QueueProgress.NONE);
        push(() -> channels.values().forEach(channel -> channel.closeAll(SALE_RESET)));
    }

    /**
     * Catches up with changes this instance did not push itself (another instance handled the event) and with
     * sessions that no longer exist.
     */
    public void resync() {
        if (channels.isEmpty()) {
            return;
        }
        // Judge only the sessions the query asked about: a socket that connects while the query runs was checked
        // when it connected and must not be taken for a session that no longer exists.
        Set<String> ids = Set.copyOf(channels.keySet());
        Map<String, Long> versions = sessions.versions(ids);
        QueueProgress latest = currentProgress();
        for (String id : ids) {
            Channel channel = channels.get(id);
            if (channel == null) {
                continue;
            }
            Long version = versions.get(id);
            if (version == null) {
                channel.closeAll(UNKNOWN_SESSION);
            } else if (version > channel.version()) {
                refresh(id);
            } else {
                channel.update(null, latest);
            }
        }
    }

    private void refresh(String id) {
        Channel channel = channels.get(id);
        if (channel == null) {
            return;
        }
        Optional<Session> session = sessions.find(id);
        if (session.isEmpty()) {
            channel.closeAll(UNKNOWN_SESSION);
            return;
        }
        channel.update(session.get(), currentProgress());
    }

    /** The newest progress known: this instance's last report or the database's (another instance's). */
    private QueueProgress currentProgress() {
        QueueProgress stored = sales.progress();
        return progress.accumulateAndGet(stored, (known, next) -> next.notOlderThan(known) ? next : known);
    }

    private void push(Runnable task) {
        try {
            pushes.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("Pushing session updates failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("Not pushing: shutting down");
        }
    }

    @PreDestroy
    void shutdown() {
        pushes.shutdownNow();
        channels.values().forEach(channel -> channel.closeAll(CloseStatus.GOING_AWAY));
    }

    String render(Session session, QueueProgress queue) {
        return json.writeValueAsString(SessionView.of(session, queue, follow));
    }

    /** The sockets of one session and the last state sent to them. */
    private final class Channel {

        private final String sessionId;
        private final List<WebSocketSession> sockets = new CopyOnWriteArrayList<>();
        private final ReentrantLock lock = new ReentrantLock();
        private Session session;
        private QueueProgress queue = QueueProgress.NONE;
        private String sent;

        Channel(String sessionId) {
            this.sessionId = sessionId;
        }

        long version() {
            lock.lock();
            try {
                return session == null ? -1 : session.version();
            } finally {
                lock.unlock();
            }
        }

        /** Sends the current state to a new socket; the others get it too when it is newer than what they have. */
        void greet(WebSocketSession socket, Session loaded, QueueProgress latest) {
            lock.lock();
            try {
                merge(loaded, latest);
                String state = render(session, queue);
                if (state.equals(sent)) {
                    send(socket, state);
                } else {
                    sent = state;
                    sockets.forEach(each -> send(each, state));
                }
            } finally {
                lock.unlock();
            }
        }

        /** Takes a newer session state or queue progress (either may be null) and sends the result if it changed. */
        void update(Session loaded, QueueProgress latest) {
            lock.lock();
            try {
                merge(loaded, latest);
                if (session == null || (loaded == null && session.stage() != Stage.QUEUED)) {
                    return;
                }
                String state = render(session, queue);
                if (!state.equals(sent)) {
                    sent = state;
                    sockets.forEach(each -> send(each, state));
                }
            } finally {
                lock.unlock();
            }
        }

        void closeAll(CloseStatus status) {
            for (WebSocketSession socket : sockets) {
                try {
                    socket.close(status);
                } catch (IOException | RuntimeException e) {
                    log.debug("Closing a WebSocket of session {} failed: {}", sessionId, e.toString());
                }
            }
        }

        private void merge(Session loaded, QueueProgress latest) {
            if (loaded != null && (session == null || loaded.version() >= session.version())) {
                session = loaded;
            }
            if (latest != null && latest.notOlderThan(queue)) {
                queue = latest;
            }
        }

        private void send(WebSocketSession socket, String state) {
            if (!socket.isOpen()) {
                return;
            }
            try {
                socket.sendMessage(new TextMessage(state));
            } catch (IOException | RuntimeException e) {
                log.debug("Dropping a WebSocket of session {}: {}", sessionId, e.toString());
                try {
                    socket.close(CloseStatus.SESSION_NOT_RELIABLE);
                } catch (IOException | RuntimeException closing) {
                    log.trace("Closing failed too", closing);
                }
            }
        }
    }
}
