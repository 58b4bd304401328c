package app.afterglow.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * The bare and floor bots packaged as Afterglow is: their few classes in a jar of their own, run
 * beside Afterglow's jar, whose JDA, SQLite and logger they use. Started from the test's class
 * path instead (directories and some sixty jars, each looked in for every class) the bare bot took
 * 110 ms longer to be ready than from one jar (636 against 526 ms, 15 starts each, session 33), so
 * the ready row compared Afterglow's packaging as much as its code.
 */
final class BareBotJar {
    private static final List<Class<?>> BOTS = List.of(BareJdaBot.class, SealedJournal.class);

    private BareBotJar() {
    }

    /** Writes the bots' classes, inner ones included, to {@code file}. */
    static Path write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out)) {
            for (Class<?> bot : BOTS) {
                for (Class<?> member : bot.getNestMembers()) {
                    String entry = member.getName().replace('.', '/') + ".class";
                    try (InputStream in = member.getResourceAsStream("/" + entry)) {
                        if (in == null) {
                            throw new IOException("no " + entry + " on the class path");
                        }
                        jar.putNextEntry(new JarEntry(entry));
                        in.transferTo(jar);
                        jar.closeEntry();
                    }
                }
            }
        }
        return file;
    }

    /**
     * What follows the JVM flags to start the bare bot (with {@code journal}, the floor bot) from
     * {@code botsJar} beside {@code afterglowJar}.
     */
    static List<String> launch(Path afterglowJar, Path botsJar, String restBaseUrl, String gatewayUrl,
                               Optional<Path> journal) {
        List<String> launch = new ArrayList<>(List.of("-cp",
                afterglowJar.toAbsolutePath() + System.getProperty("path.separator") + botsJar.toAbsolutePath(),
                BareJdaBot.class.getName(), restBaseUrl, gatewayUrl));
        journal.ifPresent(dir -> launch.add(dir.toString()));
        return launch;
    }
}
