package io.concertsale.payments.payment.store;

import io.concertsale.eventkit.jdbc.SqlTime;
import io.concertsale.payments.payment.Payment;
import io.concertsale.events.data.PaymentMethod;
import io.concertsale.payments.payment.PaymentStatus;
import io.concertsale.payments.payment.PaymentStore;
import io.concertsale.payments.payment.PaymentSummary;
import io.concertsale.payments.payment.TransferInstructions;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Payments in the {@code payment} table; plain SQL that runs on H2 and PostgreSQL. */
@Repository
class JdbcPaymentStore implements PaymentStore {

    private final JdbcClient jdbc;

    JdbcPaymentStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insert(Payment payment) {
        TransferInstructions transfer = payment.transfer();
        jdbc.sql("""
                        INSERT INTO payment (id, idempotency_key, request_hash, method, status, amount, currency,
                            reference, correlation_key, description, card_token, card_brand, card_last4,
                            transfer_beneficiary, transfer_iban, transfer_bic, transfer_reference, transfer_due_by,
                            decline_reason, authorization_code, process_at, created_at, updated_at)
                        VALUES (:id, :idempotencyKey, :requestHash, :method, :status, :amount, :currency,
                            :reference, :correlationKey, :description, :cardToken, :cardBrand, :cardLast4,
                            :beneficiary, :iban, :bic, :transferReference, :dueBy,
                            :declineReason, :authorizationCode, :processAt, :createdAt, :updatedAt)""")
                .param("id", payment.id())
                .param("idempotencyKey", payment.idempotencyKey())
                .param("requestHash", payment.requestHash())
                .param("method", payment.method().name())
                .param("status", payment.status().name())
                .param("amount", payment.amount())
                .param("currency", payment.currency())
                .param("reference", payment.reference())
                .param("correlationKey", payment.correlationKey())
                .param("description", payment.description())
                .param("cardToken", payment.cardToken())
                .param("cardBrand", payment.cardBrand())
                .param("cardLast4", payment.cardLast4())
                .param("beneficiary", transfer == null ? null : transfer.beneficiary())
                .param("iban", transfer == null ? null : transfer.iban())
                .param("bic", transfer == null ? null : transfer.bic())
                .param("transferReference", transfer == null ? null : transfer.reference())
                .param("dueBy", transfer == null ? null : SqlTime.of(transfer.dueBy()))
                .param("declineReason", payment.declineReason())
                .param("authorizationCode", payment.authorizationCode())
                .param("processAt", SqlTime.of(payment.processAt()))
                .param("createdAt", SqlTime.of(payment.createdAt()))
                .param("updatedAt", SqlTime.of(payment.updatedAt()))
                .update();
    }

    @Override
    public Optional<Payment> find(String id) {
        return jdbc.sql("SELECT * FROM payment WHERE id = :id").param("id", id).query(JdbcPaymentStore::payment)
                .optional();
    }

    @Override
    public Optional<Payment> findByIdempotencyKey(String idempotencyKey) {
        return jdbc.sql("SELECT * FROM payment WHERE idempotency_key = :key").param("key", idempotencyKey)
                .query(JdbcPaymentStore::payment).optional();
    }

    @Override
    public List<String> due(Instant now, int limit) {
        return jdbc.sql("""
                        SELECT id FROM payment WHERE status = 'PENDING' AND process_at <= :now
                        ORDER BY process_at LIMIT :limit""")
                .param("now", SqlTime.of(now))
                .param("limit", limit)
                .query(String.class)
                .list();
    }

    @Override
    public boolean authorize(String id, String authorizationCode, Instant now) {
        return jdbc.sql("""
                        UPDATE payment SET status = 'AUTHORIZED', authorization_code = :code, process_at = NULL,
                            updated_at = :now
                        WHERE id = :id AND status = 'PENDING' AND method = 'CARD'""")
                .param("code", authorizationCode).param("now", SqlTime.of(now)).param("id", id)
                .update() == 1;
    }

    @Override
    public boolean decline(String id, String reason, Instant now) {
        return jdbc.sql("""
                        UPDATE payment SET status = 'DECLINED', decline_reason = :reason, process_at = NULL,
                            updated_at = :now
                        WHERE id = :id AND status = 'PENDING' AND method = 'CARD'""")
                .param("reason", reason).param("now", SqlTime.of(now)).param("id", id)
                .update() == 1;
    }

    @Override
    public boolean acceptTransfer(String id, Instant now) {
        return jdbc.sql("""
                        UPDATE payment SET status = 'AUTHORIZED', process_at = NULL, updated_at = :now
                        WHERE id = :id AND status = 'PENDING' AND method = 'MONEY_TRANSFER'""")
                .param("now", SqlTime.of(now)).param("id", id)
                .update() == 1;
    }

    @Override
    public boolean cancel(String id, Instant now) {
        return jdbc.sql("""
                        UPDATE payment SET status = 'CANCELLED', process_at = NULL, updated_at = :now
                        WHERE id = :id AND status IN ('PENDING', 'AUTHORIZED')""")
                .param("now", SqlTime.of(now)).param("id", id)
                .update() == 1;
    }

    @Override
    public List<PaymentSummary.Group> totals(Instant from) {
        JdbcClient.StatementSpec statement = jdbc.sql("""
                SELECT status, currency, COUNT(*) AS payments, SUM(amount) AS amount FROM payment
                %s GROUP BY status, currency""".formatted(from == null ? "" : "WHERE created_at >= :from"));
        if (from != null) {
            statement = statement.param("from", SqlTime.of(from));
        }
        return statement.query((rs, row) -> new PaymentSummary.Group(PaymentStatus.valueOf(rs.getString("status")),
                rs.getString("currency"), rs.getLong("payments"), rs.getBigDecimal("amount"))).list();
    }

    private static Payment payment(ResultSet rs, int row) throws SQLException {
        String transferReference = rs.getString("transfer_reference");
        TransferInstructions transfer = transferReference == null ? null : new TransferInstructions(
                rs.getString("transfer_beneficiary"), rs.getString("transfer_iban"), rs.getString("transfer_bic"),
                transferReference, SqlTime.instant(rs, "transfer_due_by"));
        return new Payment(rs.getString("id"), rs.getString("idempotency_key"), rs.getString("request_hash"),
                PaymentMethod.valueOf(rs.getString("method")), PaymentStatus.valueOf(rs.getString("status")),
                rs.getBigDecimal("amount"), rs.getString("currency"), rs.getString("reference"),
                rs.getString("correlation_key"), rs.getString("description"), rs.getString("card_token"),
                rs.getString("card_brand"), rs.getString("card_last4"), transfer, rs.getString("decline_reason"),
                rs.getString("authorization_code"), SqlTime.instant(rs, "process_at"),
                SqlTime.instant(rs, "created_at"), SqlTime.instant(rs, "updated_at"));
    }
}
