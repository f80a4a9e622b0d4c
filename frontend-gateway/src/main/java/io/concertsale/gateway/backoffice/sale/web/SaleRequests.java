package io.concertsale.gateway.backoffice.sale.web;

import io.concertsale.events.data.AdmissionSettings;
import io.concertsale.events.data.TicketTypeSpec;
import io.concertsale.gateway.sale.SaleSetup;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.List;

/** The bodies the admin API takes. */
final class SaleRequests {

    private SaleRequests() {
    }

    /** {@code PUT /api/admin/sale}: the sale to open; {@code admission} is optional (defaults below). */
    record OpenSale(
            @Size(max = 200) String name,
            @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency,
            @NotEmpty @Size(max = 20) List<@NotNull @Valid TicketType> ticketTypes,
            @NotNull @Min(1) @Max(100) Integer maxTicketsPerCustomer,
            @NotNull @Min(1) @Max(86_400) Integer holdSeconds,
            @Valid Admission admission) {

        static final AdmissionSettings DEFAULT_ADMISSION = new AdmissionSettings(50, 500, false);

        SaleSetup toSetup() {
            return new SaleSetup(name, currency,
                    ticketTypes.stream().map(type -> new TicketTypeSpec(type.type(),
                            type.name() != null && !type.name().isBlank() ? type.name() : type.type(), type.price(),
                            type.quantity())).toList(),
                    maxTicketsPerCustomer, holdSeconds,
                    admission == null ? DEFAULT_ADMISSION : admission.toSettings());
        }
    }

    record TicketType(
            @NotNull @Pattern(regexp = "[A-Za-z0-9_-]{1,40}", message = "must be 1 to 40 letters, digits, _ or -")
            String type,
            @Size(max = 200) String name,
            @NotNull @DecimalMin("0.00") @Digits(integer = 9, fraction = 2) BigDecimal price,
            @NotNull @Min(0) @Max(10_000_000) Integer quantity) {
    }

    /** {@code PUT /api/admin/sale/admission}, and the admission part of a new sale. */
    record Admission(
            @NotNull @DecimalMin("0") @DecimalMax("100000") Double ratePerSecond,
            @NotNull @Min(1) @Max(10_000_000) Integer maxActiveShoppers,
            Boolean paused) {

        AdmissionSettings toSettings() {
            return new AdmissionSettings(ratePerSecond, maxActiveShoppers, Boolean.TRUE.equals(paused));
        }
    }
}
