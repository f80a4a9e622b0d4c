package io.concertsale.payments.card.store;

import io.concertsale.eventkit.jdbc.SqlTime;
import io.concertsale.payments.card.CardBrand;
import io.concertsale.payments.card.CardToken;
import io.concertsale.payments.card.CardTokenStore;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Card tokens in the {@code card_token} table. */
@Repository
class JdbcCardTokenStore implements CardTokenStore {

    private final JdbcClient jdbc;

    JdbcCardTokenStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void save(CardToken token) {
        jdbc.sql("""
                        INSERT INTO card_token (token, brand, last4, expiry, holder, decline_reason, created_at,
                          reference)
                        VALUES (:token, :brand, :last4, :expiry, :holder, :declineReason, :createdAt, :reference)""")
                .param("token", token.token())
                .param("brand", token.brand().name())
                .param("last4", token.last4())
                .param("expiry", token.expiry())
                .param("holder", token.holder())
                .param("declineReason", token.declineReason())
                .param("createdAt", SqlTime.of(token.createdAt()))
                .param("reference", token.reference())
                .update();
    }

    @Override
    public Optional<CardToken> find(String token) {
        return jdbc.sql("SELECT * FROM card_token WHERE token = :token")
                .param("token", token)
                .query((rs, row) -> new CardToken(rs.getString("token"), CardBrand.valueOf(rs.getString("brand")),
                        rs.getString("last4"), rs.getString("expiry"), rs.getString("holder"),
                        rs.getString("decline_reason"), SqlTime.instant(rs, "created_at"), rs.getString("reference"),
                        rs.getString("payment_id")))
                .optional();
    }

    @Override
    public boolean use(String token, String paymentId) {
        return jdbc.sql("UPDATE card_token SET payment_id = :payment WHERE token = :token AND payment_id IS NULL")
                .param("payment", paymentId)
                .param("token", token)
                .update() == 1;
    }
}
