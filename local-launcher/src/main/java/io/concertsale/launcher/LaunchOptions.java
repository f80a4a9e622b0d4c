package io.concertsale.launcher;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to launch the sale.
 *
 * @param dataDir where the embedded databases and the launcher's secrets live
 * @param randomPorts every part on a free port instead of its configured one (tests, a second sale beside one)
 * @param adminPassword the backoffice password to use instead of the stored or generated one, or null
 * @param properties settings given to every part ({@code --name=value} arguments)
 */
public record LaunchOptions(Path dataDir, boolean randomPorts, String adminPassword, Map<String, String> properties) {

    public LaunchOptions {
        properties = Map.copyOf(properties);
    }

    /**
     * Reads {@code --name=value} arguments: {@code --sale.data-dir}, {@code --launcher.random-ports},
     * {@code --sale.admin-password}; every other one goes to all parts as a setting.
     */
    public static LaunchOptions parse(List<String> args, Map<String, String> environment) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("Arguments look like --name=value, not: " + arg);
            }
            properties.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        Path dataDir = Path.of(properties.getOrDefault("sale.data-dir",
                environment.getOrDefault("SALE_DATA_DIR", "data")));
        boolean randomPorts = Boolean.parseBoolean(properties.remove("launcher.random-ports"));
        String password = properties.containsKey("sale.admin-password") ? properties.remove("sale.admin-password")
                : environment.get("SALE_ADMIN_PASSWORD");
        properties.remove("sale.data-dir");
        return new LaunchOptions(dataDir, randomPorts, password, properties);
    }
}
