package app.afterglow.testing.discord;

import com.fasterxml.jackson.databind.JsonNode;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.concrete.PrivateChannel;
import net.dv8tion.jda.api.events.guild.GuildJoinEvent;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.StringSelectInteractionEvent;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InvalidTokenException;
import net.dv8tion.jda.api.hooks.EventListener;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.components.label.Label;
import net.dv8tion.jda.api.components.selections.StringSelectMenu;
import net.dv8tion.jda.api.components.textinput.TextInput;
import net.dv8tion.jda.api.components.textinput.TextInputStyle;
import net.dv8tion.jda.api.modals.Modal;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.utils.FileUpload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("The Discord stand-in, driven by real JDA")
class DiscordStandInTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
    private DiscordStandIn standIn;
    private JDA jda;

    @BeforeEach
    void startStandIn() {
        standIn = DiscordStandIn.start();
    }

    @AfterEach
    void stopEverything() {
        try {
            JdaLifecycle.shutdownNow(jda, TIMEOUT);
        } finally {
            standIn.close();
        }
    }

    @Test
    @DisplayName("GIVEN a guild WHEN JDA logs in THEN it is ready as the stand-in's bot and sees the guild")
    void loginReachesReady() {
        StandInGuild guild = standIn.addGuild("Home", "general");

        login(event -> { });

        assertEquals(standIn.botUser().id(), jda.getSelfUser().getIdLong());
        assertEquals(standIn.applicationId(), jda.getSelfUser().getApplicationIdLong());
        assertNotNull(jda.getTextChannelById(guild.textChannel("general").id()));
        assertEquals("users/@me", standIn.calls().get(0).path());
        GatewayFrame identify = standIn.awaitGatewayFrame(frame -> frame.op() == GatewayFrame.IDENTIFY, TIMEOUT);
        assertEquals(standIn.token(), identify.data().path("token").asText());
        assertEquals(standIn.applicationId(), jda.retrieveApplicationInfo().complete().getIdLong());
    }

    @Test
    @DisplayName("GIVEN a running bot WHEN it is added to a guild THEN JDA sees the join")
    void guildAddedLaterArrivesAsJoin() {
        login(event -> {
            if (event instanceof GuildJoinEvent join) {
                seen.add(join.getGuild().getIdLong());
            }
        });

        StandInGuild guild = standIn.addGuild("Later", "general");

        assertEquals(guild.id(), next(Long.class));
        assertNotNull(jda.getTextChannelById(guild.textChannel("general").id()));
    }

    @Test
    @DisplayName("GIVEN a wrong token WHEN JDA logs in THEN the stand-in refuses it as Discord would")
    void wrongTokenIsRefused() {
        JDABuilder builder = standIn.configure(JDABuilder.createLight("not-the-token", EnumSet.noneOf(GatewayIntent.class)));

        assertThrows(InvalidTokenException.class, builder::build);
        assertEquals(401, standIn.calls().get(0).status());
    }

    @Test
    @DisplayName("GIVEN a listener WHEN someone runs a slash command in a guild THEN the ephemeral reply is recorded")
    void slashCommandGetsEphemeralReply() {
        StandInUser alice = standIn.addUser("alice");
        StandInUser bob = standIn.addUser("bob");
        StandInTextChannel general = standIn.addGuild("Home", "general").textChannel("general");
        login(event -> {
            if (event instanceof SlashCommandInteractionEvent slash) {
                seen.add(slash);
                slash.reply("paired with " + slash.getOption("partner").getAsUser().getName()).setEphemeral(true).queue();
            }
        });

        SentInteraction sent = standIn.slashCommand(general, alice, "pair", SlashOption.user("partner", bob));

        RecordedCall callback = awaitCallback(sent);
        assertEquals(200, callback.status());
        assertEquals(4, callback.body().path("type").asInt());
        assertEquals(StandInMessage.EPHEMERAL, callback.body().at("/data/flags").asInt() & StandInMessage.EPHEMERAL);
        assertEquals("paired with bob", callback.body().at("/data/content").asText());
        SlashCommandInteractionEvent event = next(SlashCommandInteractionEvent.class);
        assertEquals(alice.id(), event.getUser().getIdLong());
        assertEquals(general.guildId(), event.getGuild().getIdLong());
        assertTrue(standIn.awaitMessage(message -> message.content().equals("paired with bob"), TIMEOUT).ephemeral());
    }

    @Test
    @DisplayName("GIVEN a deferred reply in a DM WHEN the bot edits it and follows up THEN both webhook calls are recorded")
    void deferredReplyEditAndFollowUp() {
        StandInUser alice = standIn.addUser("alice");
        login(event -> {
            if (event instanceof SlashCommandInteractionEvent slash) {
                seen.add(slash.getFullCommandName());
                slash.deferReply(true).queue(hook -> {
                    hook.editOriginal("first").queue();
                    hook.sendMessage("second").queue();
                });
            }
        });

        SentInteraction sent = standIn.slashCommand(standIn.dmChannel(alice), alice, "checkin start");

        String webhook = "webhooks/" + standIn.applicationId() + "/" + sent.token();
        standIn.awaitCall(call -> call.is("PATCH", webhook + "/messages/@original"), TIMEOUT);
        standIn.awaitCall(call -> call.is("POST", webhook), TIMEOUT);
        assertEquals("checkin start", next(String.class));
        StandInMessage original = standIn.awaitMessage(message -> message.content().equals("first"), TIMEOUT);
        assertTrue(original.ephemeral());
        assertEquals(StandInMessage.EPHEMERAL, original.flags(), "loading flag cleared by the edit");
        assertEquals(standIn.dmChannel(alice).id(), original.channelId());
    }

    @Test
    @DisplayName("GIVEN a DM with a button WHEN the person clicks it THEN the listener's message edit is recorded")
    void buttonClickEditsMessage() {
        StandInUser alice = standIn.addUser("alice");
        login(event -> {
            if (event instanceof ButtonInteractionEvent button) {
                seen.add(button.getComponentId());
                button.editMessage("thanks").setComponents().queue();
            }
        });
        jda.openPrivateChannelById(alice.id())
                .flatMap(channel -> channel.sendMessage("How was today?")
                        .addComponents(ActionRow.of(Button.primary("mood:good", "Good"))))
                .complete();
        StandInMessage question = standIn.awaitMessage(message -> message.componentIds().contains("mood:good"), TIMEOUT);

        SentInteraction sent = standIn.clickButton(alice, question, "mood:good");

        assertEquals(7, awaitCallback(sent).body().path("type").asInt());
        assertEquals("mood:good", next(String.class));
        StandInMessage edited = standIn.awaitMessage(message -> message.id() == question.id()
                && message.content().equals("thanks"), TIMEOUT);
        assertTrue(edited.componentIds().isEmpty());
    }

    @Test
    @DisplayName("GIVEN a string select in a guild channel WHEN the person picks values THEN the listener gets them")
    void selectMenuDeliversValues() {
        StandInUser alice = standIn.addUser("alice");
        StandInTextChannel general = standIn.addGuild("Home", "general").textChannel("general");
        login(event -> {
            if (event instanceof StringSelectInteractionEvent select) {
                select.reply(String.join(",", select.getValues())).queue();
            }
        });
        jda.getTextChannelById(general.id()).sendMessage("Pick")
                .addComponents(ActionRow.of(StringSelectMenu.create("topics").addOption("Sleep", "sleep")
                        .addOption("Work", "work").setMaxValues(2).build()))
                .complete();
        StandInMessage menu = standIn.awaitMessage(message -> message.componentIds().contains("topics"), TIMEOUT);

        SentInteraction sent = standIn.selectMenu(alice, menu, "topics", "sleep", "work");

        assertEquals("sleep,work", awaitCallback(sent).body().at("/data/content").asText());
    }

    @Test
    @DisplayName("GIVEN a command that opens a modal WHEN the person submits it THEN the listener reads the text inputs")
    void modalSubmitDeliversTextInputs() {
        StandInUser alice = standIn.addUser("alice");
        login(event -> {
            if (event instanceof SlashCommandInteractionEvent slash) {
                slash.replyModal(Modal.create("note", "A note")
                        .addComponents(Label.of("Feeling", TextInput.create("feeling", TextInputStyle.SHORT).build()))
                        .build()).queue();
            } else if (event instanceof ModalInteractionEvent modal) {
                modal.reply("felt " + modal.getValue("feeling").getAsString()).setEphemeral(true).queue();
            }
        });
        SentInteraction command = standIn.slashCommand(standIn.dmChannel(alice), alice, "note");
        assertEquals(9, awaitCallback(command).body().path("type").asInt());

        SentInteraction submit = standIn.submitModal(standIn.dmChannel(alice), alice, "note", Map.of("feeling", "calm"));

        assertEquals("felt calm", awaitCallback(submit).body().at("/data/content").asText());
    }

    @Test
    @DisplayName("GIVEN a person WHEN the bot opens a DM and writes THEN the channel and the message JSON are recorded")
    void botSendsDirectMessage() {
        StandInUser alice = standIn.addUser("alice");
        login(event -> { });

        Message sent = jda.openPrivateChannelById(alice.id())
                .flatMap(channel -> channel.sendMessage("Time for your check-in"))
                .complete();

        RecordedCall open = standIn.callsTo("users/@me/channels").get(0);
        assertEquals(alice.idString(), open.body().path("recipient_id").asText());
        long dmId = standIn.dmChannel(alice).id();
        assertEquals(dmId, sent.getChannel().getIdLong());
        JsonNode body = standIn.callsTo("channels/" + dmId + "/messages").get(0).body();
        assertEquals("Time for your check-in", body.path("content").asText());
    }

    @Test
    @DisplayName("GIVEN a file WHEN the bot sends it THEN the multipart payload_json and the file name are recorded")
    void attachmentsAreRecorded() {
        StandInUser alice = standIn.addUser("alice");
        login(event -> { });

        Message sent = jda.openPrivateChannelById(alice.id())
                .flatMap(channel -> channel.sendMessage("your summary")
                        .addFiles(FileUpload.fromData("calm".getBytes(StandardCharsets.UTF_8), "summary.txt")))
                .complete();

        RecordedCall call = standIn.callsTo("channels/\\d+/messages").get(0);
        assertEquals("your summary", call.body().path("content").asText());
        assertEquals(List.of("summary.txt"), call.fileNames());
        assertEquals("summary.txt", sent.getAttachments().get(0).getFileName());
    }

    @Test
    @DisplayName("GIVEN a person whose DMs are closed WHEN the bot writes to them THEN JDA fails with CANNOT_SEND_TO_USER")
    void closedDmsFailWith50007() {
        StandInUser alice = standIn.addUser("alice");
        standIn.closeDms(alice);
        login(event -> { });

        ErrorResponseException failure = assertThrows(ErrorResponseException.class, () -> jda
                .openPrivateChannelById(alice.id())
                .flatMap(channel -> channel.sendMessage("hello"))
                .complete());

        assertEquals(ErrorResponse.CANNOT_SEND_TO_USER, failure.getErrorResponse());
        assertEquals(403, standIn.callsTo("channels/\\d+/messages").get(0).status());
    }

    @Test
    @DisplayName("GIVEN DMs closed and then opened again WHEN the bot writes THEN the message gets through")
    void reopenedDmsReceiveMessages() {
        StandInUser alice = standIn.addUser("alice");
        standIn.closeDms(alice);
        standIn.openDms(alice);
        login(event -> { });

        jda.openPrivateChannelById(alice.id()).flatMap(channel -> channel.sendMessage("hello")).complete();

        assertEquals(200, standIn.callsTo("channels/\\d+/messages").get(0).status());
    }

    @Test
    @DisplayName("GIVEN a modal opened from a button WHEN it is submitted THEN it carries that message, which the "
            + "bot may update, and the interaction's replies list it")
    void modalFromAMessageCanUpdateIt() {
        StandInUser alice = standIn.addUser("alice");
        login(event -> {
            if (event instanceof ModalInteractionEvent modal) {
                seen.add(modal.getMessage().getIdLong());
                modal.editMessage("answered").setComponents().queue(done -> modal.getHook()
                        .sendMessage("noted").setEphemeral(true).queue());
            }
        });
        jda.openPrivateChannelById(alice.id())
                .flatMap(channel -> channel.sendMessage("How was today?")
                        .addComponents(ActionRow.of(Button.primary("open", "Answer"))))
                .complete();
        StandInMessage question = standIn.awaitMessage(message -> message.componentIds().contains("open"), TIMEOUT);

        SentInteraction submit = standIn.submitModal(alice, question, "note", Map.of("feeling", "calm"));

        assertEquals(question.id(), next(Long.class));
        standIn.awaitCall(call -> call.is("POST", "webhooks/\\d+/" + submit.token()), TIMEOUT);
        List<StandInMessage> replies = standIn.repliesTo(submit);
        assertEquals(List.of("answered", "noted"), replies.stream().map(StandInMessage::content).toList());
        assertTrue(replies.get(1).ephemeral());
    }

    @Test
    @DisplayName("GIVEN a custom id copied from another message WHEN a person sends a click with it THEN the bot "
            + "receives it from that person, on the message they used")
    void forgedClickArrives() {
        StandInUser alice = standIn.addUser("alice");
        login(event -> {
            if (event instanceof ButtonInteractionEvent button) {
                seen.add(button.getUser().getIdLong() + " " + button.getComponentId() + " " + button.getMessageIdLong());
                button.deferEdit().queue();
            }
        });
        Message carrier = jda.openPrivateChannelById(alice.id()).flatMap(channel -> channel.sendMessage("hi")).complete();
        StandInMessage message = standIn.awaitMessage(m -> m.id() == carrier.getIdLong(), TIMEOUT);

        standIn.forgeButtonClick(alice, message, "someone-elses");

        assertEquals(alice.id() + " someone-elses " + carrier.getIdLong(), next(String.class));
    }

    @Test
    @DisplayName("GIVEN an observer WHEN a forged menu pick is answered THEN it hears the dispatch, the callback "
            + "after it, and the reply message")
    void observerHearsDispatchCallbackAndMessage() {
        StandInUser alice = standIn.addUser("alice");
        login(event -> {
            if (event instanceof StringSelectInteractionEvent select) {
                select.reply("picked " + String.join(",", select.getValues())).queue();
            }
        });
        Message carrier = jda.openPrivateChannelById(alice.id()).flatMap(channel -> channel.sendMessage("hi")).complete();
        StandInMessage message = standIn.awaitMessage(m -> m.id() == carrier.getIdLong(), TIMEOUT);
        Map<String, Long> heard = new ConcurrentHashMap<>();
        standIn.observe(new StandInObserver() {
            @Override
            public void dispatched(long interactionId, long nanos) {
                heard.put("dispatched " + interactionId, nanos);
            }

            @Override
            public void callbackArrived(long interactionId, int status, JsonNode body, long nanos) {
                heard.put("callback " + interactionId + " " + status + " " + body.path("data").path("content").asText(), nanos);
            }

            @Override
            public void messageChanged(StandInMessage changed) {
                heard.put("message " + changed.content(), 0L);
            }
        });

        SentInteraction pick = standIn.forgeSelectMenu(alice, message, "no-such-menu", "2", "3");
        awaitCallback(pick);

        Long dispatched = heard.get("dispatched " + pick.id());
        Long called = heard.get("callback " + pick.id() + " 200 picked 2,3");
        assertNotNull(dispatched, heard.toString());
        assertNotNull(called, heard.toString());
        assertTrue(called >= dispatched, heard.toString());
        assertTrue(heard.containsKey("message picked 2,3"), heard.toString());
    }

    @Test
    @DisplayName("GIVEN a dropped gateway WHEN JDA resumes THEN missed and later dispatches arrive without a new IDENTIFY")
    void droppedGatewayResumes() {
        StandInUser alice = standIn.addUser("alice");
        login(event -> {
            if (event instanceof SlashCommandInteractionEvent slash) {
                seen.add(slash.getName());
                slash.reply("ok").queue();
            }
        });

        standIn.dropGateway();
        standIn.slashCommand(standIn.dmChannel(alice), alice, "missed");
        standIn.awaitGatewayFrame(frame -> frame.op() == GatewayFrame.RESUME, TIMEOUT);
        standIn.slashCommand(standIn.dmChannel(alice), alice, "later");

        assertEquals("missed", next(String.class));
        assertEquals("later", next(String.class));
        assertEquals(1, standIn.gatewayFrames().stream().filter(frame -> frame.op() == GatewayFrame.IDENTIFY).count());
    }

    @Test
    @DisplayName("GIVEN commands WHEN the bot registers them THEN the JSON is recorded and interactions carry their ids")
    void commandRegistrationIsRecorded() {
        StandInUser alice = standIn.addUser("alice");
        StandInGuild guild = standIn.addGuild("Home", "general");
        login(event -> {
            if (event instanceof SlashCommandInteractionEvent slash) {
                seen.add(slash.getCommandIdLong());
                slash.reply("ok").queue();
            }
        });

        List<Command> global = jda.updateCommands()
                .addCommands(Commands.slash("pair", "Pair with your partner")
                        .addOption(OptionType.USER, "partner", "Who you pair with", true))
                .complete();
        jda.getGuildById(guild.id()).updateCommands().addCommands(Commands.slash("admin", "Server tools")).complete();

        JsonNode registered = standIn.callsTo("applications/" + standIn.applicationId() + "/commands").get(0).body();
        assertEquals("pair", registered.path(0).path("name").asText());
        assertEquals(6, registered.path(0).at("/options/0/type").asInt());
        JsonNode guildCommands = standIn.callsTo("applications/\\d+/guilds/" + guild.id() + "/commands").get(0).body();
        assertEquals("admin", guildCommands.path(0).path("name").asText());
        standIn.slashCommand(standIn.dmChannel(alice), alice, "pair", SlashOption.user("partner", alice));
        assertEquals(global.get(0).getIdLong(), next(Long.class));
    }

    @Test
    @DisplayName("GIVEN an interaction delivered twice WHEN the bot answers both THEN only the first callback succeeds")
    void duplicateDeliveryIsRefusedTheSecondTime() {
        StandInUser alice = standIn.addUser("alice");
        login(event -> {
            if (event instanceof SlashCommandInteractionEvent slash) {
                slash.reply("once").queue(ok -> seen.add("replied"), failure -> seen.add(failure));
            }
        });

        SentInteraction sent = standIn.slashCommand(standIn.dmChannel(alice), alice, "checkin");
        assertEquals("replied", next(String.class));
        standIn.deliverAgain(sent);

        ErrorResponseException second = next(ErrorResponseException.class);
        assertEquals(ErrorResponse.INTERACTION_ALREADY_ACKNOWLEDGED, second.getErrorResponse());
        List<RecordedCall> callbacks = standIn.callsTo("interactions/" + sent.id() + "/.+/callback");
        assertEquals(List.of(200, 400), callbacks.stream().map(RecordedCall::status).toList());
    }

    @Test
    @DisplayName("GIVEN a response delay WHEN the bot calls REST THEN the answer arrives no sooner")
    void responseDelayHoldsAnswers() {
        StandInUser alice = standIn.addUser("alice");
        login(event -> { });
        Duration delay = Duration.ofMillis(300);
        standIn.setResponseDelay(delay);

        long started = System.nanoTime();
        jda.openPrivateChannelById(alice.id()).complete();

        assertTrue(System.nanoTime() - started >= delay.toNanos());
        assertFalse(standIn.callsTo("users/@me/channels").isEmpty());
    }

    @Test
    @DisplayName("GIVEN Discord's global rate limit WHEN the bot sends past it THEN JDA waits and retries, every message arrives, and interaction answers are not limited")
    void globalRateLimitRefusesTheExcessAndJdaWaits() {
        StandInUser alice = standIn.addUser("alice");
        login(event -> {
            if (event instanceof SlashCommandInteractionEvent slash) {
                slash.reply("answered").setEphemeral(true).queue(ok -> seen.add("replied"), seen::add);
            }
        });
        long dmId = standIn.dmChannel(alice).id();
        PrivateChannel dm = jda.openPrivateChannelById(alice.id()).complete();
        standIn.setGlobalRateLimit(4);

        long started = System.nanoTime();
        List<CompletableFuture<Message>> sends = new ArrayList<>();
        for (int n = 1; n <= 10; n++) {
            sends.add(dm.sendMessage("note " + n).submit());
        }
        standIn.slashCommand(standIn.dmChannel(alice), alice, "checkin");
        assertEquals("replied", next(String.class));
        sends.forEach(CompletableFuture::join);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        List<RecordedCall> toDm = standIn.callsTo("channels/" + dmId + "/messages");
        assertEquals(10, toDm.stream().filter(call -> call.status() == 200).count());
        assertTrue(standIn.globallyRateLimited() > 0, "some sends were refused");
        assertEquals(standIn.globallyRateLimited(), toDm.stream().filter(call -> call.status() == 429).count());
        assertTrue(tookMillis >= 2000, "ten at four a second need three windows, took " + tookMillis + " ms");
        assertTrue(standIn.callsTo("interactions/.+/callback").stream().allMatch(call -> call.status() == 200));
    }

    private void login(EventListener listener) {
        jda = standIn.jdaBuilder().addEventListeners(listener).build();
        JdaLifecycle.awaitReady(jda, TIMEOUT);
    }

    private RecordedCall awaitCallback(SentInteraction sent) {
        return standIn.awaitCall(call -> call.is("POST", "interactions/" + sent.id() + "/.+/callback"), TIMEOUT);
    }

    /** The next thing a listener put in {@code seen}, which must be a {@code type}. */
    private <T> T next(Class<T> type) {
        try {
            Object item = seen.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (item == null) {
                throw new AssertionError("the listener saw nothing within " + TIMEOUT);
            }
            return type.cast(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

}
