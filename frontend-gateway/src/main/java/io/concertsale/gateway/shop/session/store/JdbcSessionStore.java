package io.concertsale.gateway.shop.session.store;

import io.concertsale.events.EventJson;
import io.concertsale.events.data.IssuedTicket;
import io.concertsale.events.data.MoneyTransferInstructions;
import io.concertsale.events.data.PaymentMethod;
import io.concertsale.eventkit.jdbc.SqlTime;
import io.concertsale.gateway.shop.session.Notification;
import io.concertsale.gateway.shop.session.PaymentStatus;
import io.concertsale.gateway.shop.session.Session;
import io.concertsale.gateway.shop.session.SessionStore;
import io.concertsale.gateway.shop.session.Stage;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The session read model in {@code sale_session} and {@code session_notification}. Plain SQL for H2 and PostgreSQL. */
@Repository
class JdbcSessionStore implements SessionStore {

    /** How many notifications a view shows: the latest ones. */
    static final int NOTIFICATIONS_SHOWN = 50;

    private static final int IN_CHUNK = 500;

    private final JdbcClient jdbc;

    JdbcSessionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insert(Session session) {
        jdbc.sql("""
                        INSERT INTO sale_session (session_id, stage, version, created_at, updated_at, last_seen_at,
                          payment_status, payment_attempts)
                        VALUES (:id, :stage, :version, :created, :updated, :created, :payment, 0)""")
                .param("id", session.id())
                .param("stage", session.stage().name())
                .param("version", session.version())
                .param("created", SqlTime.of(session.createdAt()))
                .param("updated", SqlTime.of(session.updatedAt()))
                .param("payment", session.paymentStatus().name())
                .update();
    }

    @Override
    public Optional<Session> find(String id) {
        return jdbc.sql("SELECT * FROM sale_session WHERE session_id = :id")
                .param("id", id)
                .query((rs, n) -> session(rs))
                .optional()
                .map(found -> found.withNotifications(notifications(id)));
    }

    /**
     * Locks the session's row until the transaction ends, then loads it, so concurrent changes never get lost. The
     * lock is a statement of its own that reads one column: H2 caches no query that locks, so it parses and plans
     * it again every time, and for {@code SELECT *} over every column of a session that took a tenth of the
     * gateway's CPU per event (the hop benchmark's profile); the load after the lock is a cached statement.
     */
    @Override
    public Optional<Session> lock(String id) {
        boolean exists = jdbc.sql("SELECT session_id FROM sale_session WHERE session_id = :id FOR UPDATE")
                .param("id", id)
                .query(String.class)
                .optional()
                .isPresent();
        return exists ? find(id) : Optional.empty();
    }

    @Override
    public void update(Session session, Instant now) {
        jdbc.sql("""
                        UPDATE sale_session SET stage = :stage, version = version + 1, updated_at = :now,
                          joined_at = :joinedAt, sale_id = :saleId, queue_number = :number,
                          position_at_join = :positionAtJoin,
                          admitted_before = :admittedBefore, eta_at_join = :etaAtJoin, admitted_at = :admittedAt,
                          admission_token = :token, admission_expires_at = :tokenExpiresAt,
                          reservation_id = :reservationId, ticket_type = :ticketType, quantity = :quantity,
                          unit_price = :unitPrice, amount = :amount, currency = :currency,
                          reservation_expires_at = :reservationExpiresAt,
                          payment_status = :paymentStatus, payment_method = :paymentMethod, payment_id = :paymentId,
                          decline_reason = :declineReason, payment_attempts = :attempts,
                          declined_payments = :declined, required_payment_method = :requiredMethod,
                          card_brand = :cardBrand, card_last4 = :cardLast4, money_transfer = :moneyTransfer,
                          tickets = :tickets, exit_reason = :exitReason, exit_message = :exitMessage,
                          exit_retryable = :exitRetryable
                        WHERE session_id = :id""")
                .param("stage", session.stage().name())
                .param("now", SqlTime.of(now))
                .param("joinedAt", SqlTime.of(session.joinedAt()))
                .param("saleId", session.saleId())
                .param("number", session.queueNumber())
                .param("positionAtJoin", session.positionAtJoin())
                .param("admittedBefore", session.admittedBefore())
                .param("etaAtJoin", session.etaAtJoin())
                .param("admittedAt", SqlTime.of(session.admittedAt()))
                .param("token", session.admissionToken())
                .param("tokenExpiresAt", SqlTime.of(session.admissionExpiresAt()))
                .param("reservationId", session.reservationId())
                .param("ticketType", session.ticketType())
                .param("quantity", session.quantity())
                .param("unitPrice", session.unitPrice())
                .param("amount", session.amount())
                .param("currency", session.currency())
                .param("reservationExpiresAt", SqlTime.of(session.reservationExpiresAt()))
                .param("paymentStatus", session.paymentStatus().name())
                .param("paymentMethod", name(session.paymentMethod()))
                .param("paymentId", session.paymentId())
                .param("declineReason", session.declineReason())
                .param("attempts", session.paymentAttempts())
                .param("declined", session.declinedPayments().isEmpty() ? null
                        : String.join(",", session.declinedPayments()))
                .param("requiredMethod", name(session.requiredPaymentMethod()))
                .param("cardBrand", session.cardBrand())
                .param("cardLast4", session.cardLast4())
                .param("moneyTransfer", session.moneyTransfer() == null ? null
                        : EventJson.MAPPER.writeValueAsString(session.moneyTransfer()))
                .param("tickets", session.tickets().isEmpty() ? null
                        : EventJson.MAPPER.writeValueAsString(session.tickets()))
                .param("exitReason", session.exitReason())
                .param("exitMessage", session.exitMessage())
                .param("exitRetryable", session.exitRetryable())
                .param("id", session.id())
                .update();
        session.saved(now);
    }

    @Override
    public void touch(String id, Instant now, Instant unlessSince) {
        jdbc.sql("UPDATE sale_session SET last_seen_at = :now WHERE session_id = :id AND last_seen_at < :since")
                .param("now", SqlTime.of(now))
                .param("id", id)
                .param("since", SqlTime.of(unlessSince))
                .update();
    }

    @Override
    @Transactional
    public void touchAll(Collection<String> ids, Instant now, Instant unlessSince) {
        for (List<String> chunk : chunks(ids)) {
            List<String> free = jdbc.sql("""
                            SELECT session_id FROM sale_session WHERE session_id IN (:ids) AND last_seen_at < :since
                            FOR UPDATE SKIP LOCKED""")
                    .param("ids", chunk)
                    .param("since", SqlTime.of(unlessSince))
                    .query(String.class)
                    .list();
            if (!free.isEmpty()) {
                jdbc.sql("UPDATE sale_session SET last_seen_at = :now WHERE session_id IN (:ids)")
                        .param("now", SqlTime.of(now))
                        .param("ids", free)
                        .update();
            }
        }
    }

    @Override
    public void addNotification(String id, Notification notification) {
        jdbc.sql("""
                        INSERT INTO session_notification (session_id, kind, message, created_at)
                        VALUES (:id, :kind, :message, :at)""")
                .param("id", id)
                .param("kind", notification.kind())
                .param("message", notification.message())
                .param("at", SqlTime.of(notification.at()))
                .update();
    }

    @Override
    public boolean hasNotification(String id, String kind) {
        return jdbc.sql("SELECT COUNT(*) FROM session_notification WHERE session_id = :id AND kind = :kind")
                .param("id", id).param("kind", kind).query(Long.class).single() > 0;
    }

    @Override
    public int rejectQueued(String reason, String message, Instant now) {
        return jdbc.sql("""
                        UPDATE sale_session SET stage = :rejected, version = version + 1, updated_at = :now,
                          exit_reason = :reason, exit_message = :message, exit_retryable = FALSE
                        WHERE stage = :queued""")
                .param("rejected", Stage.REJECTED.name())
                .param("now", SqlTime.of(now))
                .param("reason", reason)
                .param("message", message)
                .param("queued", Stage.QUEUED.name())
                .update();
    }

    @Override
    public void deleteAll() {
        jdbc.sql("DELETE FROM session_notification").update();
        jdbc.sql("DELETE FROM sale_session").update();
    }

    @Override
    public Map<Stage, Long> countByStage() {
        Map<Stage, Long> counts = new EnumMap<>(Stage.class);
        for (Stage stage : Stage.values()) {
            counts.put(stage, 0L);
        }
        jdbc.sql("SELECT stage, COUNT(*) AS sessions FROM sale_session GROUP BY stage")
                .query((rs, n) -> Map.entry(Stage.valueOf(rs.getString("stage")), rs.getLong("sessions")))
                .list()
                .forEach(entry -> counts.put(entry.getKey(), entry.getValue()));
        return counts;
    }

    @Override
    public List<String> idleSince(Instant cutoff, Set<Stage> stages, int limit) {
        return jdbc.sql("""
                        SELECT session_id FROM sale_session WHERE stage IN (:stages) AND last_seen_at < :cutoff
                        ORDER BY last_seen_at FETCH FIRST %d ROWS ONLY""".formatted(limit))
                .param("stages", stages.stream().map(Stage::name).toList())
                .param("cutoff", SqlTime.of(cutoff))
                .query(String.class)
                .list();
    }

    @Override
    public Optional<Instant> lastSeen(String id) {
        return jdbc.sql("SELECT last_seen_at FROM sale_session WHERE session_id = :id").param("id", id)
                .query((rs, n) -> SqlTime.instant(rs, "last_seen_at")).optional();
    }

    @Override
    public Map<String, Long> versions(Collection<String> ids) {
        Map<String, Long> versions = new HashMap<>();
        for (List<String> chunk : chunks(ids)) {
            jdbc.sql("SELECT session_id, version FROM sale_session WHERE session_id IN (:ids)")
                    .param("ids", chunk)
                    .query((rs, n) -> Map.entry(rs.getString("session_id"), rs.getLong("version")))
                    .list()
                    .forEach(entry -> versions.put(entry.getKey(), entry.getValue()));
        }
        return versions;
    }

    private List<Notification> notifications(String id) {
        List<Notification> latest = new ArrayList<>(jdbc.sql("""
                        SELECT kind, message, created_at FROM session_notification WHERE session_id = :id
                        ORDER BY seq DESC FETCH FIRST %d ROWS ONLY""".formatted(NOTIFICATIONS_SHOWN))
                .param("id", id)
                .query((rs, n) -> new Notification(rs.getString("kind"), rs.getString("message"),
                        SqlTime.instant(rs, "created_at")))
                .list());
        Collections.reverse(latest);
        return latest;
    }

    private static Session session(ResultSet rs) throws SQLException {
        Session session = new Session(rs.getString("session_id"), Stage.valueOf(rs.getString("stage")),
                SqlTime.instant(rs, "created_at"), SqlTime.instant(rs, "updated_at"), rs.getLong("version"));
        session.withQueue(SqlTime.instant(rs, "joined_at"), rs.getString("sale_id"), longOrNull(rs, "queue_number"),
                longOrNull(rs, "position_at_join"), longOrNull(rs, "admitted_before"), longOrNull(rs, "eta_at_join"),
                SqlTime.instant(rs, "admitted_at"), rs.getString("admission_token"),
                SqlTime.instant(rs, "admission_expires_at"));
        BigDecimal unitPrice = rs.getBigDecimal("unit_price");
        session.withReservation(rs.getString("reservation_id"), rs.getString("ticket_type"),
                intOrNull(rs, "quantity"), unitPrice, rs.getBigDecimal("amount"), rs.getString("currency"),
                SqlTime.instant(rs, "reservation_expires_at"));
        String declined = rs.getString("declined_payments");
        Set<String> declinedPayments = declined == null ? Set.of()
                : new LinkedHashSet<>(Arrays.asList(declined.split(",")));
        String moneyTransfer = rs.getString("money_transfer");
        session.withPayment(PaymentStatus.valueOf(rs.getString("payment_status")), methodOrNull(rs, "payment_method"),
                rs.getString("payment_id"), rs.getString("decline_reason"), rs.getInt("payment_attempts"),
                declinedPayments, methodOrNull(rs, "required_payment_method"), rs.getString("card_brand"),
                rs.getString("card_last4"), moneyTransfer == null ? null
                        : EventJson.MAPPER.readValue(moneyTransfer, MoneyTransferInstructions.class));
        String tickets = rs.getString("tickets");
        Boolean exitRetryable = rs.getBoolean("exit_retryable");
        if (rs.wasNull()) {
            exitRetryable = null;
        }
        session.withOutcome(tickets == null ? List.of()
                        : Arrays.asList(EventJson.MAPPER.readValue(tickets, IssuedTicket[].class)),
                rs.getString("exit_reason"), rs.getString("exit_message"), exitRetryable);
        return session;
    }

    private static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static Integer intOrNull(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    /** A payment method is stored by its name. */
    private static String name(PaymentMethod method) {
        return method == null ? null : method.name();
    }

    private static PaymentMethod methodOrNull(ResultSet rs, String column) throws SQLException {
        String name = rs.getString(column);
        return name == null ? null : PaymentMethod.valueOf(name);
    }

    private static List<List<String>> chunks(Collection<String> ids) {
        List<String> all = List.copyOf(ids);
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += IN_CHUNK) {
            chunks.add(all.subList(from, Math.min(all.size(), from + IN_CHUNK)));
        }
        return chunks;
    }
}
