package app.afterglow.discord;

import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.channel.concrete.PrivateChannel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bot's DM channels it opened, the most recent {@link #REMEMBERED} of them. The bot keeps no
 * user cache, so JDA would otherwise ask Discord for the channel before every DM: one request in
 * three of a busy bot. A DM channel's id never changes; one that Discord no longer knows is
 * {@link #forget forgotten} and opened afresh next time. Thread-safe; {@link #open} blocks on
 * Discord when it has to ask, so call it where blocking is allowed.
 */
final class DmChannels {
    static final int REMEMBERED = 1024;

    private final Map<String, PrivateChannel> channels = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PrivateChannel> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** The DM channel with Discord user {@code userId}, opened through {@code jda} unless remembered. */
    PrivateChannel open(JDA jda, String userId) {
        synchronized (channels) {
            PrivateChannel known = channels.get(userId);
            if (known != null) {
                return known;
            }
        }
        PrivateChannel opened = jda.openPrivateChannelById(userId).complete();
        synchronized (channels) {
            channels.put(userId, opened);
        }
        return opened;
    }

    void forget(String userId) {
        synchronized (channels) {
            channels.remove(userId);
        }
    }
}
