package app.afterglow.discord;

import app.afterglow.core.messages.Attachment;
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
import net.dv8tion.jda.api.utils.messages.MessageRequest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
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
     * One Discord message of a core message: its text and, on the last one, the controls and the
     * file. Made into a request's data only once it is known whether it is sent as a new message
     * or fills one already there: JDA checks a message's controls each time they are set, by
     * formatting a path for every one, and an edit made from a new message's data checked them
     * once more than needed (a seventh of what the worker allocated in a benchmark round).
     */
    record Piece(String content, List<ActionRow> rows, Optional<Attachment> file) {
    }

    /**
     * The message as one or more Discord messages, in order: long content is split at line
     * breaks, and the controls and the file ride on the last part.
     */
    List<Piece> pieces(Message message) {
        String content = message.lines().stream().map(DiscordText::line).collect(Collectors.joining("\n"));
        List<String> chunks = DiscordText.chunks(content, DiscordText.MAX_CONTENT);
        if (chunks.isEmpty()) {
            chunks = List.of("\u200b");
        }
        List<ActionRow> rows = Controls.of(message.prompt(), message.actions());
        List<Piece> pieces = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            boolean last = i == chunks.size() - 1;
            pieces.add(new Piece(chunks.get(i), last ? rows : List.of(),
                    last ? message.attachment() : Optional.empty()));
        }
        return pieces;
    }

    /** The message as new Discord messages, in order; see {@link #pieces}. */
    List<MessageCreateData> render(Message message) {
        return pieces(message).stream().map(MessageRenderer::asNew).toList();
    }

    /** {@code piece} as a new message, inert. */
    static MessageCreateData asNew(Piece piece) {
        return filled(new MessageCreateBuilder(), piece).build();
    }

    /** {@code piece} as an edit that replaces a message's text, controls and files, still inert. */
    static MessageEditData asEdit(Piece piece) {
        return filled(new MessageEditBuilder().setReplace(true), piece).build();
    }

    /** A line of the adapter's own, such as how to open one's DMs to the bot. */
    MessageCreateData note(String text) {
        return inert(new MessageCreateBuilder(), text).build();
    }

    private static <R extends MessageRequest<R>> R filled(R request, Piece piece) {
        R filled = inert(request, piece.content()).setComponents(piece.rows());
        if (piece.file().isPresent()) {
            Attachment file = piece.file().get();
            filled.setFiles(FileUpload.fromData(file.content().getBytes(StandardCharsets.UTF_8), file.filename()));
        }
        return filled;
    }

    /** The one place a message, new or an edit, is made unable to ping anyone or preview a link. */
    private static <R extends MessageRequest<R>> R inert(R request, String content) {
        return request.setContent(content)
                .setAllowedMentions(EnumSet.noneOf(MentionType.class))
                .mentionRepliedUser(false)
                .setSuppressEmbeds(true);
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
