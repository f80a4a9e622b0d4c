package io.concertsale.gateway.sale;

import io.concertsale.events.data.AdmissionSettings;
import io.concertsale.events.data.TicketTypeSpec;
import io.concertsale.gateway.config.GatewayProperties;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Opens the sale from {@code gateway.default-sale} when the gateway starts without one, emitting
 * {@code Sale.Opened} as the admin API does, so that a fresh installation is ready to sell.
 */
@Component
class DefaultSale implements ApplicationRunner {

    private final SaleService sales;
    private final GatewayProperties.DefaultSale defaults;

    DefaultSale(SaleService sales, GatewayProperties properties) {
        this.sales = sales;
        this.defaults = properties.defaultSale();
    }

    @Override
    public void run(ApplicationArguments args) {
        if (defaults == null || !defaults.enabled()) {
            return;
        }
        GatewayProperties.Admission admission = defaults.admission();
        sales.openIfNone(new SaleSetup(defaults.name(), defaults.currency(),
                defaults.ticketTypes().stream()
                        .map(type -> new TicketTypeSpec(type.type(), type.name(), type.price(), type.quantity()))
                        .toList(),
                defaults.maxTicketsPerCustomer(), defaults.holdSeconds(),
                new AdmissionSettings(admission.ratePerSecond(), admission.maxActiveShoppers(), admission.paused())));
    }
}
