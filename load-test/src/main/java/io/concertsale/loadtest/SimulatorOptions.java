package io.concertsale.loadtest;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * Everything the simulator is told, from {@code --name=value} arguments: the sale to simulate, the payment
 * provider to check against, and whether to launch (and kill) the sale itself.
 */
public record SimulatorOptions(Scenario scenario, Merchant merchant, Chaos chaos) {

    /**
     * Reads the arguments over the defaults.
     *
     * @throws IllegalArgumentException for an unknown option or a combination that cannot work
     */
    public static SimulatorOptions parse(String[] args, Map<String, String> environment) {
        Arguments arguments = new Arguments(args);
        boolean urlGiven = arguments.has("url") || arguments.has("payments-url");
        String dataDir = arguments.take("launcher-data-dir", null);
        Chaos chaos = Chaos.from(arguments, dataDir == null ? null : Path.of(dataDir));
        String password = arguments.take("admin-password", environment.get("SALE_ADMIN_PASSWORD"));
        if (chaos.launch() && (password == null || password.isBlank())) {
            password = "chaos-" + UUID.randomUUID();
        }
        // a launched sale's key is read from its folder once it started; a running one's from ./data, ./sale's folder
        Merchant merchant = Merchant.from(arguments,
                chaos.launch() ? null : Path.of(dataDir == null ? "data" : dataDir));
        Scenario scenario = Scenario.from(arguments, password);
        arguments.requireAllTaken();
        if (chaos.launch() && urlGiven) {
            throw new IllegalArgumentException(
                    "The simulator launches the sale itself on free ports: leave out --url and --payments-url");
        }
        if (chaos.launch() && scenario.runs() > 1) {
            throw new IllegalArgumentException("A launched (or chaos) sale is one run: leave out --runs");
        }
        return new SimulatorOptions(scenario, merchant, chaos);
    }
}
