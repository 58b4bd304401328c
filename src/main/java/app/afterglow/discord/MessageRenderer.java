package app.afterglow.discord;

import app.afterglow.core.messages.Message;
import net.dv8tion.jda.api.entities.Message.MentionType;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.label.Label;
import net.dv8tion.jda.api.components.textinput.TextInput;
import net.dv8tion.jda.api.components.textinput.TextInputStyle;
import net.dv8tion.jda.api.modals.Modal;
import net.dv8tion.jda.api.utils.FileUpload;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;
import net.dv8tion.jda.api.utils.messages.MessageEditData;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns the core's platform-neutral messages into Discord messages, and a free-text prompt into
 * its modal. Every message it makes allows no mentions and suppresses link embeds, whatever it
 * carries, so nobody's words can ever ping or preview anything. Stateless; thread-safe.
 */
final class MessageRenderer {
    /** Discord's limits for a modal's title and a text input's label and value. */
    static final int MAX_MODAL_TITLE = 45;
    static final int MAX_INPUT_LABEL = 45;
    static final int MAX_INPUT_LENGTH = 4000;
    /** Up to this length an answer fits a one-line input; longer ones get a paragraph box. */
    private static final int SHORT_INPUT = 100;

    /**
     * The message as one or more Discord messages, in order: long content is split at line
     * breaks, and the controls and the file ride on the last part.
     */
    List<MessageCreateData> render(Message message) {
        String content = message.lines().stream().map(DiscordText::line).collect(Collectors.joining("\n"));
        List<String> chunks = DiscordText.chunks(content, DiscordText.MAX_CONTENT);
        if (chunks.isEmpty()) {
            chunks = List.of("\u200b");
        }
        List<ActionRow> rows = Controls.of(message.prompt(), message.actions());
        List<MessageCreateData> parts = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            MessageCreateBuilder builder = inert(chunks.get(i));
            if (i == chunks.size() - 1) {
                builder.setComponents(rows);
                message.attachment().ifPresent(file -> builder.setFiles(
                        FileUpload.fromData(file.content().getBytes(StandardCharsets.UTF_8), file.filename())));
            }
            parts.add(builder.build());
        }
        return parts;
    }

    /** A line of the adapter's own, such as how to open one's DMs to the bot. */
    MessageCreateData note(String text) {
        return inert(text).build();
    }

    private static MessageCreateBuilder inert(String content) {
        return new MessageCreateBuilder()
                .setContent(content)
                .setAllowedMentions(EnumSet.noneOf(MentionType.class))
                .mentionRepliedUser(false)
                .setSuppressEmbeds(true);
    }

    /** {@code part} as an edit that replaces a message's text, controls and files, still inert. */
    static MessageEditData asEdit(MessageCreateData part) {
        return MessageEditBuilder.fromCreateData(part)
                .setAllowedMentions(EnumSet.noneOf(MentionType.class))
                .mentionRepliedUser(false)
                .setSuppressEmbeds(true)
                .build();
    }

    /** The modal a free-text prompt's "Answer" button opens, its length limit the prompt's. */
    Modal modal(CustomIds.OpenText text) {
        int maxLength = Math.max(1, Math.min(text.maxLength(), MAX_INPUT_LENGTH));
        String label = DiscordText.cut("Your answer (up to " + maxLength + " characters)", MAX_INPUT_LABEL);
        TextInput input = TextInput.create(CustomIds.TEXT_INPUT,
                        maxLength > SHORT_INPUT ? TextInputStyle.PARAGRAPH : TextInputStyle.SHORT)
                .setRequiredRange(1, maxLength)
                .build();
        String title = text.title().isBlank() ? "Your answer" : text.title();
        // Since JDA 6 (Discord's modal components) a text input carries no label of its own: a
        // Label component wraps it, where an action row used to.
        return Modal.create(CustomIds.written(text.ref()), DiscordText.cut(title, MAX_MODAL_TITLE))
                .addComponents(Label.of(label, input))
                .build();
    }
}
