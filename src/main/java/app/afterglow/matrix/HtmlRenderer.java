package app.afterglow.matrix;

import app.afterglow.core.messages.Line;
import app.afterglow.core.messages.Message;
import app.afterglow.core.messages.PlainText;
import app.afterglow.core.messages.Prompt;
import app.afterglow.core.messages.Segment;

import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The {@code org.matrix.custom.html} body of a message. All text is escaped, the bot's as much as
 * a person's, so markup comes only from here: a person's words can never become a tag, a link or
 * a mention. Options are an ordered list whose numbers are the ones to reply with. Stateless.
 */
final class HtmlRenderer {
    private final PlainText plain;
    private final String commandPrefix;

    HtmlRenderer(PlainText plain, String commandPrefix) {
        this.plain = Objects.requireNonNull(plain, "plain");
        this.commandPrefix = Objects.requireNonNull(commandPrefix, "commandPrefix");
    }

    String render(Message message) {
        StringBuilder html = new StringBuilder();
        message.lines().forEach(line -> html.append(line(line)));
        message.prompt().ifPresent(prompt -> html.append(prompt(prompt)));
        if (!message.actions().isEmpty()) {
            html.append("<p><em>").append(message.prompt().isPresent() ? "Or reply: " : "Reply: ")
                    .append(plain.words(message.actions()).stream()
                            .map(word -> "<code>" + escape(word) + "</code>")
                            .collect(Collectors.joining(" · ")))
                    .append("</em></p>");
        }
        return html.toString();
    }

    /** One line as a block element. */
    String line(Line line) {
        String text = inline(line);
        return switch (line.style()) {
            case TITLE -> "<p><strong>" + text + "</strong></p>";
            case QUOTE -> "<blockquote>" + text + "</blockquote>";
            case NOTE -> "<p><em>" + text + "</em></p>";
            case TEXT -> "<p>" + text + "</p>";
        };
    }

    private String prompt(Prompt prompt) {
        StringBuilder html = new StringBuilder();
        if (!prompt.options().isEmpty()) {
            html.append("<ol>");
            prompt.options().forEach(option -> html.append("<li>").append(escape(option)).append("</li>"));
            html.append("</ol>");
        }
        return html.append("<p><em>").append(escape(PlainText.howToAnswer(prompt))).append("</em></p>").toString();
    }

    private String inline(Line line) {
        StringBuilder html = new StringBuilder();
        for (Segment segment : line.segments()) {
            switch (segment.source()) {
                case BOT -> html.append(escape(segment.text()));
                case PERSON -> html.append(escape(Segment.person(segment.text()).text()));
                case COMMAND -> html.append("<code>").append(escape(commandPrefix + segment.text())).append("</code>");
            }
        }
        return html.toString().replace("\n", "<br>");
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
