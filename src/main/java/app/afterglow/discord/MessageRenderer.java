package app.afterglow.discord;

import app.afterglow.core.messages.Attachment;
import app.afterglow.core.messages.Line;
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
import net.dv8tion.jda.api.utils.messages.MessageCreateRequest;
import net.dv8tion.jda.api.utils.messages.MessageEditRequest;
import net.dv8tion.jda.api.utils.messages.MessageRequest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

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
     * file. It fills the very request that sends it ({@link #asNew(Function, Piece)},
     * {@link #asEdit(Function, Piece)}): JDA checks a message's controls each time they are set,
     * formatting a path for every one, and data built first and then handed to a request was
     * checked again there (a tenth of what the worker allocated in a benchmark round).
     */
    record Piece(String content, List<ActionRow> rows, Optional<Attachment> file) {
    }

    /**
     * The message as one or more Discord messages, in order: long content is split at line
     * breaks, and the controls and the file ride on the last part.
     */
    List<Piece> pieces(Message message) {
        List<Line> lines = message.lines();
        StringBuilder content = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                content.append('\n');
            }
            DiscordText.appendLine(content, lines.get(i));
        }
        List<String> chunks = DiscordText.chunks(content.toString(), DiscordText.MAX_CONTENT);
        if (chunks.isEmpty()) {
            chunks = List.of("\u200b");
        }
        List<ActionRow> rows = Controls.of(message.prompt(), message.actions());
        List<Piece> pieces = new ArrayList<>(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            boolean last = i == chunks.size() - 1;
            pieces.add(new Piece(chunks.get(i), last ? rows : List.of(),
                    last ? message.attachment() : Optional.empty()));
        }
        return pieces;
    }

    /**
     * {@code piece} as a new message, inert.
     *
     * @param request makes the request that sends a message with the given content, such as a reply
     */
    static <R extends MessageCreateRequest<R>> R asNew(Function<String, R> request, Piece piece) {
        return filled(request.apply(piece.content()), piece);
    }

    /**
     * {@code piece} as an edit that replaces a message's text, controls and files, still inert.
     *
     * @param request makes the request that edits a message to the given content
     */
    static <R extends MessageEditRequest<R>> R asEdit(Function<String, R> request, Piece piece) {
        return filled(request.apply(piece.content()).setReplace(true), piece);
    }

    /** A line of the adapter's own, such as how to open one's DMs to the bot. */
    MessageCreateData note(String text) {
        return inert(new MessageCreateBuilder().setContent(text)).build();
    }

    /** The rest of {@code piece} on a request made with its content, and the request made inert. */
    private static <R extends MessageRequest<R>> R filled(R request, Piece piece) {
        R filled = inert(request).setComponents(piece.rows());
        if (piece.file().isPresent()) {
            Attachment file = piece.file().get();
            filled.setFiles(FileUpload.fromData(file.content().getBytes(StandardCharsets.UTF_8), file.filename()));
        }
        return filled;
    }

    /** The one place a message, new or an edit, is made unable to ping anyone or preview a link. */
    private static <R extends MessageRequest<R>> R inert(R request) {
        return request.setAllowedMentions(EnumSet.noneOf(MentionType.class))
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
