package io.concertsale.launcher;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How to launch the sale.
 *
 * @param dataDir where the embedded databases and the launcher's secrets live
 * @param randomPorts every part on a free port instead of its configured one (tests, a second sale beside one)
 * @param adminPassword the backoffice password to use instead of the stored or generated one, or null
 * @param model the process model version deployed at start: {@code none}, {@code v1} ... {@code v4}
 * @param zeebe where the Zeebe engine is: the embedded one on a port, or an external one
 * @param properties settings given to every part ({@code --name=value} arguments)
 * @param ports a port for some parts, by service name ({@code --launcher.ports.<service-name>}), over their
 *        configured or random one: a sale started again must be found where it was
 */
public record LaunchOptions(Path dataDir, boolean randomPorts, String adminPassword, String model, Zeebe zeebe,
        Map<String, String> properties, Map<String, Integer> ports) {

    /** The model versions {@code --sale.model} accepts. */
    public static final Set<String> MODELS = Set.of("none", "v1", "v2", "v3", "v4");
    public static final String DEFAULT_MODEL = "v1";
    private static final String PORTS = "launcher.ports.";

    public LaunchOptions {
        if (!MODELS.contains(model)) {
            throw new IllegalArgumentException("--sale.model is one of none, v1, v2, v3, v4, not: " + model);
        }
        properties = Map.copyOf(properties);
        ports = Map.copyOf(ports);
        List<String> parts = Arrays.stream(LocalSale.Part.values()).map(LocalSale.Part::serviceName).toList();
        for (String name : ports.keySet()) {
            if (!parts.contains(name)) {
                throw new IllegalArgumentException("--launcher.ports." + name + " names no part; the parts are " + parts);
            }
        }
    }

    /** The default process setup: model v1 on the embedded engine at its configured port. */
    public LaunchOptions(Path dataDir, boolean randomPorts, String adminPassword, Map<String, String> properties) {
        this(dataDir, randomPorts, adminPassword, DEFAULT_MODEL,
                Zeebe.embedded(Zeebe.DEFAULT_PORT, Zeebe.DEFAULT_REST_PORT), properties,
                Map.of());
    }

    /** The same options with another model version deployed at start. */
    public LaunchOptions withModel(String otherModel) {
        return new LaunchOptions(dataDir, randomPorts, adminPassword, otherModel, zeebe, properties, ports);
    }

    /** The bundled model's name the router deploys, e.g. {@code tickets-v2}; none for {@code none}. */
    public String modelName() {
        return "none".equals(model) ? null : "tickets-" + model;
    }

    /**
     * The Zeebe engine the router talks to.
     *
     * @param address an external engine's gRPC address (self-managed or Camunda SaaS, credentials as {@code
     *        --router.zeebe.*} settings), or null for the embedded engine
     * @param port the embedded engine's gRPC port (clients such as zbctl connect to it)
     * @param restPort the embedded engine's REST port (Camunda Modeler deploys there: {@code /v2/deployments})
     * @param grpcOnAllInterfaces whether the embedded engine's gRPC port listens on every interface, for Camunda
     *        Modeler or zbctl on another machine ({@code --sale.zeebe.grpc-on-all-interfaces=true}); by default it
     *        listens on the loopback interface only, like its REST port and every part but the gateway
     */
    public record Zeebe(URI address, int port, int restPort, boolean grpcOnAllInterfaces) {

        public static final int DEFAULT_PORT = 26500;
        public static final int DEFAULT_REST_PORT = 8088;

        /** The embedded engine, on the loopback interface only. */
        public static Zeebe embedded(int port, int restPort) {
            return new Zeebe(null, port, restPort, false);
        }

        public static Zeebe external(URI address) {
            return new Zeebe(address, 0, 0, false);
        }

        /** The same engine with its gRPC port open on every interface (or on the loopback one only). */
        public Zeebe withGrpcOnAllInterfaces(boolean open) {
            return new Zeebe(address, port, restPort, open);
        }

        public boolean isEmbedded() {
            return address == null;
        }
    }

    /**
     * Reads {@code --name=value} arguments: {@code --sale.data-dir}, {@code --launcher.random-ports},
     * {@code --launcher.ports.<service-name>}, {@code --sale.admin-password}, {@code --sale.model},
     * {@code --sale.zeebe.address} (an external engine), {@code --sale.zeebe.port} (the embedded engine's gRPC
     * port), {@code --sale.zeebe.rest-port} (its REST port), {@code --sale.zeebe.grpc-on-all-interfaces} (its gRPC
     * port open to other machines, not only to this one);
     * every other one goes to all parts as a setting.
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
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String name : List.copyOf(properties.keySet())) {
            if (name.startsWith(PORTS)) {
                ports.put(name.substring(PORTS.length()), Integer.parseInt(properties.remove(name).strip()));
            }
        }
        String password = properties.containsKey("sale.admin-password") ? properties.remove("sale.admin-password")
                : environment.get("SALE_ADMIN_PASSWORD");
        String model = properties.containsKey("sale.model") ? properties.remove("sale.model")
                : environment.getOrDefault("SALE_MODEL", DEFAULT_MODEL);
        String address = properties.containsKey("sale.zeebe.address") ? properties.remove("sale.zeebe.address")
                : environment.get("SALE_ZEEBE_ADDRESS");
        String port = properties.remove("sale.zeebe.port");
        String restPort = properties.remove("sale.zeebe.rest-port");
        boolean grpcOnAllInterfaces = Boolean.parseBoolean(properties.remove("sale.zeebe.grpc-on-all-interfaces"));
        Zeebe zeebe = address != null && !address.isBlank() ? Zeebe.external(URI.create(address.strip()))
                : Zeebe.embedded(port == null ? Zeebe.DEFAULT_PORT : Integer.parseInt(port.strip()),
                        restPort == null ? Zeebe.DEFAULT_REST_PORT : Integer.parseInt(restPort.strip()))
                        .withGrpcOnAllInterfaces(grpcOnAllInterfaces);
        properties.remove("sale.data-dir");
        return new LaunchOptions(dataDir, randomPorts, password, model.strip(), zeebe, properties, ports);
    }
}
