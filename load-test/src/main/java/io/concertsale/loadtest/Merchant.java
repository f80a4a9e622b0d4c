package io.concertsale.loadtest;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The payment provider as the merchant sees it: where its merchant API is and the merchant's API key, to read the
 * payments summary the check at the end of a run compares with what the fans saw.
 *
 * @param payments the provider's base URL
 * @param apiKey the merchant API key; null asks without one (a provider with no keys configured)
 */
public record Merchant(URI payments, String apiKey) {

    /** Where the local launcher keeps its secrets, in its data folder. */
    static final String LAUNCHER_SECRETS = "launcher-secrets.properties";

    /**
     * Takes {@code --payments-url} (default the launcher's {@code http://localhost:8083}) and
     * {@code --payments-api-key}, or else the key the launcher keeps in its data folder.
     */
    static Merchant from(Arguments args, Path launcherDataDir) {
        URI payments = URI.create(args.take("payments-url", "http://localhost:8083"));
        String key = args.take("payments-api-key", null);
        return new Merchant(payments, key != null ? key : launcherDataDir == null ? null : storedKey(launcherDataDir));
    }

    /** The payment provider's API key the launcher generated for this data folder, or null when there is none. */
    static String storedKey(Path launcherDataDir) {
        Path file = launcherDataDir.resolve(LAUNCHER_SECRETS);
        if (!Files.isReadable(file)) {
            return null;
        }
        Properties secrets = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            secrets.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        return secrets.getProperty("payments-api-key");
    }
}
