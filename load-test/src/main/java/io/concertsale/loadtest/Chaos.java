package io.concertsale.loadtest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Whether the simulator runs the sale itself, and kills it.
 *
 * @param launch start the local launcher as a child process (on free ports), and stop it at the end
 * @param command the launcher's command line without the options the simulator adds ({@code --sale.data-dir},
 *        {@code --sale.admin-password}, {@code --launcher.ports.*}, {@code --sale.zeebe.port}); it must run the JVM
 *        itself, not a wrapper, so that a kill reaches the sale
 * @param dataDir the launcher's data folder, kept across restarts; null: a new temporary folder
 * @param kills how many times to kill the launcher with SIGKILL and start it again
 * @param earliest a kill comes at least this long after the fans started arriving (the first kill) or after the sale
 *        served again (the next ones)
 * @param latest and at most this long
 */
public record Chaos(boolean launch, List<String> command, Path dataDir, int kills, Duration earliest,
        Duration latest) {

    public Chaos {
        command = List.copyOf(command);
        if (kills < 0 || earliest.isNegative() || latest.compareTo(earliest) < 0) {
            throw new IllegalArgumentException("Chaos needs --chaos-kills >= 0 and 0 <= --chaos-min-seconds <= "
                    + "--chaos-max-seconds, not " + kills + ", " + earliest + ", " + latest);
        }
        if (kills > 0 && !launch) {
            throw new IllegalArgumentException("Killing the sale needs the simulator to launch it");
        }
    }

    /** The benchmark's launcher: the executable jar, no process model, run by the simulator's own Java. */
    static List<String> defaultCommand() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                "local-launcher/target/local-launcher.jar", "--sale.model=none");
    }

    /**
     * Takes {@code --launch}, {@code --chaos-kills} (which implies launch), {@code --chaos-min-seconds},
     * {@code --chaos-max-seconds} and {@code --launcher-command} (split at whitespace).
     */
    static Chaos from(Arguments args, Path dataDir) {
        int kills = args.takeInt("chaos-kills", 0);
        boolean launch = args.takeBoolean("launch", false) || kills > 0;
        String command = args.take("launcher-command", null);
        return new Chaos(launch, command == null ? defaultCommand() : Arrays.asList(command.strip().split("\\s+")),
                dataDir, kills, args.takeSeconds("chaos-min-seconds", Duration.ofSeconds(5)),
                args.takeSeconds("chaos-max-seconds", Duration.ofSeconds(30)));
    }

    /** The same plan with another launcher command (one whose arguments may hold spaces). */
    public Chaos withCommand(List<String> otherCommand) {
        return new Chaos(launch, otherCommand, dataDir, kills, earliest, latest);
    }
}
