package io.concertsale.payments.card;

import io.concertsale.payments.InvalidRequestException;
import io.concertsale.payments.Ids;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Turns card details into a token. The card number is checked, reduced to its brand and last four digits, and
 * forgotten: it is never stored, logged or returned. A token pays one payment: the one whose reference the
 * tokenization named (when it named one), and only once ({@link io.concertsale.payments.payment.PaymentService}).
 */
@Service
public class CardTokenizer {

    public static final int HOLDER_MAX_LENGTH = 100;
    public static final int REFERENCE_MAX_LENGTH = 100;

    private static final Logger log = LoggerFactory.getLogger(CardTokenizer.class);
    private static final Pattern EXPIRY = Pattern.compile("(0[1-9]|1[0-2])/(\\d{2})");
    private static final Pattern CVC = Pattern.compile("\\d{3,4}");

    private final CardTokenStore store;
    private final Clock clock;

    public CardTokenizer(CardTokenStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Tokenizes valid card details for a payment whose reference is not named. */
    public CardToken tokenize(CardDetails card) {
        return tokenize(card, null);
    }

    /**
     * Tokenizes valid card details for the payment with this reference.
     *
     * @param reference the reference of the payment the token is for (the merchant's order); null for any
     * @throws InvalidRequestException ({@code invalid-card}) naming every field that is wrong
     */
    public CardToken tokenize(CardDetails card, String reference) {
        Map<String, String> errors = new LinkedHashMap<>();
        Optional<String> digits = checkNumber(card.number(), errors);
        checkExpiry(card.expiry(), errors);
        if (card.cvc() == null || !CVC.matcher(card.cvc().strip()).matches()) {
            errors.put("cvc", "must be 3 or 4 digits");
        }
        String holder = card.holder() == null ? "" : card.holder().strip();
        if (holder.isEmpty()) {
            errors.put("holder", "must not be blank");
        } else if (holder.length() > HOLDER_MAX_LENGTH) {
            errors.put("holder", "must be at most " + HOLDER_MAX_LENGTH + " characters");
        }
        if (reference != null && (reference.isBlank() || reference.length() > REFERENCE_MAX_LENGTH)) {
            errors.put("reference", "must be 1 to " + REFERENCE_MAX_LENGTH + " characters when given");
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException("invalid-card", "The card details are not valid", errors);
        }
        String number = digits.orElseThrow();
        CardToken token = new CardToken(Ids.cardToken(), CardBrand.of(number), number.substring(number.length() - 4),
                card.expiry().strip(), holder, TestCards.declineReason(number).orElse(null),
                clock.instant().truncatedTo(ChronoUnit.MILLIS), reference, null);
        store.save(token);
        log.debug("Tokenized a {} card ending in {} as {}", token.brand(), token.last4(), token.token());
        return token;
    }

    /**
     * Marks the token used by the payment, in the caller's transaction.
     *
     * @return false when a payment used it before
     */
    public boolean use(String token, String paymentId) {
        return store.use(token, paymentId);
    }

    /** The token, if it was issued. */
    public Optional<CardToken> find(String token) {
        return token == null ? Optional.empty() : store.find(token);
    }

    private static Optional<String> checkNumber(String number, Map<String, String> errors) {
        Optional<String> digits = CardNumbers.digits(number);
        if (digits.isEmpty()) {
            errors.put("number", "must be digits, optionally grouped with spaces or dashes");
        } else if (digits.get().length() < CardNumbers.MIN_LENGTH || digits.get().length() > CardNumbers.MAX_LENGTH) {
            errors.put("number", "must have " + CardNumbers.MIN_LENGTH + " to " + CardNumbers.MAX_LENGTH + " digits");
        } else if (!CardNumbers.luhnValid(digits.get())) {
            errors.put("number", "is not a valid card number (check digit)");
        }
        return errors.containsKey("number") ? Optional.empty() : digits;
    }

    private void checkExpiry(String expiry, Map<String, String> errors) {
        Matcher matcher = expiry == null ? null : EXPIRY.matcher(expiry.strip());
        if (matcher == null || !matcher.matches()) {
            errors.put("expiry", "must be MM/YY");
            return;
        }
        YearMonth expires = YearMonth.of(2000 + Integer.parseInt(matcher.group(2)), Integer.parseInt(matcher.group(1)));
        if (expires.isBefore(YearMonth.now(clock.withZone(ZoneOffset.UTC)))) {
            errors.put("expiry", "the card has expired");
        }
    }
}
