package io.concertsale.events.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How a customer pays: the words of the published language ({@code method} in the payment events and the payment
 * provider's API), one enum for every service that reads them.
 */
public enum PaymentMethod {
    CARD, MONEY_TRANSFER;

    /** The names a method is written with, as a sentence: {@code CARD or MONEY_TRANSFER}. */
    public static final String NAMES = Arrays.stream(values()).map(Enum::name)
            .collect(Collectors.joining(", ")).replaceFirst(", ([^,]*)$", " or $1");

    /**
     * The method JSON names: exactly one of the names, nothing else. Without it Jackson would also read an index
     * ({@code 0}, {@code "1"}) or a name with blanks around it as a method; the schemas refuse those, and so does
     * every reader of this enum.
     *
     * @throws IllegalArgumentException for any other text (Jackson reports it as a value it cannot read)
     */
    @JsonCreator
    public static PaymentMethod named(String name) {
        for (PaymentMethod method : values()) {
            if (method.name().equals(name)) {
                return method;
            }
        }
        throw new IllegalArgumentException("A payment method is " + NAMES);
    }
}
