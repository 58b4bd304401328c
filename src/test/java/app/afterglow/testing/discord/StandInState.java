package app.afterglow.testing.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the stand-in's Discord contains: the bot, people, guilds, DM channels, registered commands
 * and the configured faults. Read by the REST threads, the gateway threads and the test thread
 * alike, so every member is thread-safe.
 */
final class StandInState {
    private final Clock clock;
    private final Snowflakes ids;
    private final String token;
    private final StandInUser bot;
    private final long applicationId;

    private final Map<Long, StandInUser> users = new ConcurrentHashMap<>();
    private final List<StandInGuild> guilds = new CopyOnWriteArrayList<>();
    private final Set<Long> closedDms = ConcurrentHashMap.newKeySet();
    private volatile Duration responseDelay = Duration.ZERO;
    private volatile Pattern delayedPaths = Pattern.compile(".*");
    private volatile int loginFailure;
    private final GlobalRateLimit globalRateLimit = new GlobalRateLimit();

    // Both DM maps change together, under this object's lock.
    private final Map<Long, StandInDmChannel> dmByRecipient = new HashMap<>();
    private final Map<Long, StandInDmChannel> dmById = new HashMap<>();

    // Registered commands by scope (0 for global, else the guild id), then by name, under their own lock.
    private final Map<Long, Map<String, ObjectNode>> commands = new HashMap<>();

    StandInState(Clock clock, String token, String botName) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.token = Objects.requireNonNull(token, "token");
        this.ids = new Snowflakes(clock);
        this.bot = new StandInUser(ids.next(), Objects.requireNonNull(botName, "botName"), true);
        // Discord gives the application its own id; keeping it apart from the bot's user id
        // makes an adapter that confuses the two fail here instead of in production.
        this.applicationId = ids.next();
        users.put(bot.id(), bot);
    }

    Clock clock() {
        return clock;
    }

    long nextId() {
        return ids.next();
    }

    String token() {
        return token;
    }

    StandInUser bot() {
        return bot;
    }

    long applicationId() {
        return applicationId;
    }

    StandInUser addUser(String username) {
        StandInUser user = new StandInUser(ids.next(), username, false);
        users.put(user.id(), user);
        return user;
    }

    Optional<StandInUser> user(long id) {
        return Optional.ofNullable(users.get(id));
    }

    StandInGuild newGuild(String name, List<String> channelNames) {
        return newGuild(ids.next(), name, channelNames);
    }

    /** A guild whose id puts it on shard {@code shard} of {@code total}. */
    StandInGuild newGuildOnShard(int shard, int total, String name, List<String> channelNames) {
        return newGuild(ids.nextOnShard(shard, total), name, channelNames);
    }

    private StandInGuild newGuild(long guildId, String name, List<String> channelNames) {
        List<StandInTextChannel> channels = new ArrayList<>();
        for (String channelName : channelNames) {
            channels.add(new StandInTextChannel(ids.next(), guildId, channelName));
        }
        return new StandInGuild(guildId, name, channels);
    }

    void addGuild(StandInGuild guild) {
        guilds.add(guild);
    }

    List<StandInGuild> guilds() {
        return List.copyOf(guilds);
    }

    Optional<StandInGuild> guild(long id) {
        return guilds.stream().filter(guild -> guild.id() == id).findFirst();
    }

    /** The channel's position in its guild, which JDA needs to order channels. */
    int position(StandInTextChannel channel) {
        return guild(channel.guildId()).map(guild -> guild.textChannels().indexOf(channel)).orElse(0);
    }

    synchronized StandInDmChannel dmChannel(StandInUser recipient) {
        return dmByRecipient.computeIfAbsent(recipient.id(), id -> {
            StandInDmChannel channel = new StandInDmChannel(ids.next(), recipient);
            dmById.put(channel.id(), channel);
            return channel;
        });
    }

    /** Forgets {@code recipient}'s DM channel: messages into it find no channel, and the next DM opened is a new one. */
    synchronized void deleteDmChannel(StandInUser recipient) {
        StandInDmChannel gone = dmByRecipient.remove(recipient.id());
        if (gone != null) {
            dmById.remove(gone.id());
        }
    }

    Optional<StandInChannel> channel(long id) {
        synchronized (this) {
            StandInDmChannel dm = dmById.get(id);
            if (dm != null) {
                return Optional.of(dm);
            }
        }
        return guilds.stream()
                .flatMap(guild -> guild.textChannels().stream())
                .filter(channel -> channel.id() == id)
                .map(StandInChannel.class::cast)
                .findFirst();
    }

    void closeDms(StandInUser user) {
        closedDms.add(user.id());
    }

    void openDms(StandInUser user) {
        closedDms.remove(user.id());
    }

    boolean dmsClosed(StandInUser user) {
        return closedDms.contains(user.id());
    }

    /** The delay of the answer to a request for {@code path}. */
    Duration responseDelay(String path) {
        return delayedPaths.matcher(path).matches() ? responseDelay : Duration.ZERO;
    }

    void responseDelay(Pattern paths, Duration delay) {
        delayedPaths = Objects.requireNonNull(paths, "paths");
        responseDelay = Objects.requireNonNull(delay, "delay");
    }

    /** Discord's global rate limit on requests made with the bot's token; off unless set. */
    GlobalRateLimit globalRateLimit() {
        return globalRateLimit;
    }

    /** The status the login ({@code GET users/@me}) fails with; 0 when it answers as usual. */
    int loginFailure() {
        return loginFailure;
    }

    void loginFailure(int status) {
        loginFailure = status;
    }

    /**
     * Bulk overwrite of one scope's commands, as Discord does it: a command keeps its id when one
     * of the same name was registered before. Returns the commands as Discord would echo them.
     */
    ArrayNode replaceCommands(long guildId, JsonNode requested) {
        ArrayNode echoed = Entities.JSON.createArrayNode();
        synchronized (commands) {
            Map<String, ObjectNode> previous = commands.getOrDefault(guildId, Map.of());
            Map<String, ObjectNode> next = new HashMap<>();
            for (JsonNode command : requested) {
                ObjectNode registered = command.deepCopy();
                String name = command.path("name").asText();
                long id = Optional.ofNullable(previous.get(name))
                        .map(old -> Long.parseUnsignedLong(old.get("id").asText()))
                        .orElseGet(ids::next);
                registered.put("id", Entities.id(id));
                registered.put("application_id", Entities.id(applicationId));
                registered.put("version", Entities.id(ids.next()));
                if (!registered.has("type")) {
                    registered.put("type", 1);
                }
                if (guildId != 0) {
                    registered.put("guild_id", Entities.id(guildId));
                }
                next.put(name, registered);
                echoed.add(registered.deepCopy());
            }
            commands.put(guildId, next);
        }
        return echoed;
    }

    ArrayNode commands(long guildId) {
        ArrayNode all = Entities.JSON.createArrayNode();
        synchronized (commands) {
            commands.getOrDefault(guildId, Map.of()).values().forEach(command -> all.add(command.deepCopy()));
        }
        return all;
    }

    /** Command {@code name} as registered for the guild, or failing that globally; a copy. */
    Optional<JsonNode> command(long guildId, String name) {
        synchronized (commands) {
            ObjectNode command = commands.getOrDefault(guildId, Map.of()).get(name);
            if (command == null) {
                command = commands.getOrDefault(0L, Map.of()).get(name);
            }
            return Optional.ofNullable(command).map(ObjectNode::deepCopy);
        }
    }
}
