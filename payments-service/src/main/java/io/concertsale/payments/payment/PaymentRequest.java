package io.concertsale.payments.payment;

import io.concertsale.events.data.PaymentMethod;
import io.concertsale.payments.InvalidRequestException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A merchant's valid payment request.
 *
 * @param cardToken the card token (CARD only)
 * @param amount positive, at most two decimals
 * @param currency ISO 4217 style: three capital letters
 */
public record PaymentRequest(
        PaymentMethod method, String cardToken, BigDecimal amount, String currency, String reference,
        String correlationKey, String description) {

    public static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000");
    public static final int REFERENCE_MAX_LENGTH = 100;
    public static final int CORRELATION_KEY_MAX_LENGTH = 100;
    public static final int DESCRIPTION_MAX_LENGTH = 500;

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    /**
     * Checks a request as it arrived.
     *
     * @throws InvalidRequestException ({@code invalid-payment}) naming every field that is wrong
     */
    public static PaymentRequest of(String method, String cardToken, BigDecimal amount, String currency,
            String reference, String correlationKey, String description) {
        Map<String, String> errors = new LinkedHashMap<>();
        PaymentMethod paymentMethod = method(method, errors);
        if (paymentMethod == PaymentMethod.CARD && isBlank(cardToken)) {
            errors.put("cardToken", "is required for a CARD payment");
        } else if (paymentMethod == PaymentMethod.MONEY_TRANSFER && cardToken != null) {
            errors.put("cardToken", "is only for CARD payments");
        }
        if (amount == null) {
            errors.put("amount", "is required");
        } else if (amount.signum() <= 0) {
            errors.put("amount", "must be positive");
        } else if (amount.stripTrailingZeros().scale() > 2) {
            errors.put("amount", "must have at most two decimals");
        } else if (amount.compareTo(MAX_AMOUNT) > 0) {
            errors.put("amount", "must be at most " + MAX_AMOUNT.toPlainString());
        }
        if (currency == null || !CURRENCY.matcher(currency).matches()) {
            errors.put("currency", "must be three capital letters, such as EUR");
        }
        text("reference", reference, REFERENCE_MAX_LENGTH, errors);
        text("correlationKey", correlationKey, CORRELATION_KEY_MAX_LENGTH, errors);
        if (description != null && description.length() > DESCRIPTION_MAX_LENGTH) {
            errors.put("description", "must be at most " + DESCRIPTION_MAX_LENGTH + " characters");
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException("invalid-payment", "The payment request is not valid", errors);
        }
        return new PaymentRequest(paymentMethod, cardToken, amount.setScale(2), currency, reference, correlationKey,
                description);
    }

    /** A hash of everything the request asks for: a repeated Idempotency-Key must come with the same. */
    public String fingerprint() {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (String field : new String[] {method.name(), cardToken, amount.toPlainString(), currency, reference,
                correlationKey, description}) {
            byte[] bytes = field == null ? new byte[0] : field.getBytes(StandardCharsets.UTF_8);
            sha256.update((field == null ? "-" : bytes.length + ":").getBytes(StandardCharsets.UTF_8));
            sha256.update(bytes);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static PaymentMethod method(String method, Map<String, String> errors) {
        try {
            return PaymentMethod.named(method);
        } catch (IllegalArgumentException e) {
            errors.put("method", "must be " + PaymentMethod.NAMES);
            return null;
        }
    }

    private static void text(String field, String value, int maxLength, Map<String, String> errors) {
        if (isBlank(value)) {
            errors.put(field, "is required");
        } else if (value.length() > maxLength) {
            errors.put(field, "must be at most " + maxLength + " characters");
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
