package io.concertsale.eventkit.config;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which endpoints of a part need the operator credential ({@code sale.operator.*}; the credential itself is the sale's
 * admin password, {@code sale.admin-password}): {@code io.concertsale.eventkit.http.OperatorCredentialFilter}.
 *
 * @param paths Ant-style patterns of the operator endpoints: every actuator endpoint unless set; a part adds its
 *        operator APIs (the broker {@code /api/**}, the router its deployments)
 * @param openPaths patterns among them that stay open: health and info, for probes
 */
@ConfigurationProperties("sale.operator")
public record OperatorProperties(
        @DefaultValue("/actuator/**") List<String> paths,
        @DefaultValue({"/actuator/health", "/actuator/health/**", "/actuator/info"}) List<String> openPaths) {
}
