package io.concertsale.loadtest;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;

/** The payment provider's merchant API, as the merchant's back office reads it: the payments summary. */
final class ProviderClient {

    private final Merchant merchant;
    private final Retries retries;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ProviderClient(Merchant merchant, Retries retries) {
        this.merchant = merchant;
        this.retries = retries;
    }

    /** {@code GET /api/payments/summary?createdFrom=...}: the payments by status, with their amounts per currency. */
    CompletableFuture<JsonNode> summary(Instant createdFrom) {
        return retries.call("payments summary", Retries.READ, () -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(merchant.payments()
                    .resolve("/api/payments/summary?createdFrom=" + createdFrom)).timeout(Duration.ofSeconds(30)).GET();
            if (merchant.apiKey() != null) {
                request.header("Authorization", "Bearer " + merchant.apiKey());
            }
            HttpRequest built = request.build();
            return http.sendAsync(built, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
                if (response.statusCode() != 200) {
                    throw new GatewayClient.CallFailed("GET " + built.uri().getPath() + " answered "
                            + response.statusCode() + ": " + response.body(), response.statusCode(), "");
                }
                return GatewayClient.JSON.readTree(response.body());
            });
        });
    }
}
