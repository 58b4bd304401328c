package app.afterglow.matrix;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads what a person typed out of an {@code m.room.message}'s content. Stateless. */
final class TextInput {
    private static final Pattern PREFIX = Pattern.compile("^\\s*!afterglow(?=\\s|$)", Pattern.CASE_INSENSITIVE);
    private static final Pattern PILL = Pattern.compile(
            "<a\\s+href=\"https://matrix\\.to/#/((?:@|%40)[^\"?/]+)[^\"]*\"\\s*>([^<]*)</a>", Pattern.CASE_INSENSITIVE);

    private TextInput() {
    }

    /**
     * What the person wrote: the body, without the quoted lines that clients before spec v1.13
     * put in front of a reply, which are someone else's words.
     */
    static String text(JsonNode content) {
        String body = content.path("body").asText("");
        JsonNode relates = content.path("m.relates_to");
        // A thread's fallback reply puts no quote in the body: a first line starting with > is the person's.
        if (!relates.path("m.in_reply_to").isObject() || isThread(relates) && relates.path("is_falling_back").asBoolean()) {
            return body;
        }
        List<String> lines = body.lines().toList();
        int start = 0;
        while (start < lines.size() && lines.get(start).startsWith(">")) {
            start++;
        }
        if (start > 0 && start < lines.size() && lines.get(start).isEmpty()) {
            start++;
        }
        return start == 0 ? body : String.join("\n", lines.subList(start, lines.size()));
    }

    /**
     * The event this one answers, if any: the one it replies to with the client's reply feature
     * (spec: rich replies), or, for a message in a thread (spec: threading), the thread's root,
     * whatever reply it also names. The bot writes only in the main timeline, so a thread under one
     * of its questions is about that question; the reply a thread message names is most often the
     * thread's latest message, the person's own, which would file it under whatever question is
     * on screen outside the thread, maybe another check-in's.
     */
    static Optional<String> inReplyTo(JsonNode content) {
        JsonNode relates = content.path("m.relates_to");
        JsonNode id = isThread(relates) ? relates.path("event_id") : relates.path("m.in_reply_to").path("event_id");
        return id.isTextual() && !id.asText().isEmpty() ? Optional.of(id.asText()) : Optional.empty();
    }

    private static boolean isThread(JsonNode relates) {
        return "m.thread".equals(relates.path("rel_type").asText());
    }

    /** The command after {@code !afterglow}, if the text is one; a bare {@code !afterglow} asks for help. */
    static Optional<String> command(String text) {
        Matcher m = PREFIX.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        String rest = text.substring(m.end()).trim();
        return Optional.of(rest.isEmpty() ? "help" : rest);
    }

    /** An edit of an earlier message (spec: event replacements); its new words are in {@code m.new_content}. */
    static boolean isEdit(JsonNode content) {
        return "m.replace".equals(content.path("m.relates_to").path("rel_type").asText());
    }

    /** The message an edit replaces: always the first one, however often it was edited since. */
    static Optional<String> edited(JsonNode content) {
        String id = content.path("m.relates_to").path("event_id").asText("");
        return id.isEmpty() ? Optional.empty() : Optional.of(id);
    }

    /**
     * The mention pills in the HTML body, by the text they show: Element puts a person's display
     * name in the plain body and their user id only in the pill's link.
     */
    static Map<String, String> pills(JsonNode content) {
        Map<String, String> pills = new HashMap<>();
        Matcher m = PILL.matcher(content.path("formatted_body").asText(""));
        while (m.find()) {
            String userId = URLDecoder.decode(m.group(1).replace("+", "%2B"), StandardCharsets.UTF_8);
            pills.put(unescape(m.group(2)).trim(), userId);
        }
        return pills;
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
    }

    static boolean isText(JsonNode content) {
        return "m.text".equals(content.path("msgtype").asText().toLowerCase(Locale.ROOT));
    }
}
