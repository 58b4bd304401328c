package app.afterglow.core.account;

import java.util.Locale;
import app.afterglow.core.checkin.Answer;
import app.afterglow.core.checkin.Checkin;
import app.afterglow.core.checkin.Participation;
import app.afterglow.core.conversation.People;
import app.afterglow.core.conversation.Turn;
import app.afterglow.core.messages.Attachment;
import app.afterglow.core.messages.Line;
import app.afterglow.core.messages.Message;
import app.afterglow.core.model.Partnership;
import app.afterglow.core.model.Person;
import app.afterglow.core.questions.Question;
import app.afterglow.core.store.Stores;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code /mydata export}: everything stored about the person, as a JSON file sent only to them.
 * Their partners' answers are not theirs and are not included.
 */
public final class DataExport {
    private final Stores stores;
    private final People people;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public DataExport(Stores stores, People people) {
        this.stores = Objects.requireNonNull(stores, "stores");
        this.people = Objects.requireNonNull(people, "people");
    }

    public void send(Turn turn) {
        Person me = turn.actor();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("exported_at", turn.now().toString());
        Map<String, Object> person = new LinkedHashMap<>();
        person.put("platform", me.user().platform().name().toLowerCase(Locale.ROOT));
        person.put("platform_user_id", me.user().id());
        person.put("display_name", me.name());
        person.put("time_zone", me.zone().getId());
        person.put("quiet_hours", me.quietHours().map(Object::toString).orElse("off"));
        root.put("person", person);
        List<Map<String, Object>> partnerships = new ArrayList<>();
        for (Partnership p : stores.partnerships().forPerson(me.id())) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", p.id());
            entry.put("partner", people.name(p.other(me.id())));
            entry.put("status", p.status().name().toLowerCase(Locale.ROOT));
            entry.put("created_at", p.createdAt().toString());
            partnerships.add(entry);
        }
        root.put("partnerships", partnerships);
        List<Map<String, Object>> checkins = new ArrayList<>();
        for (Checkin c : stores.checkins().forPerson(me.id())) {
            Optional<Participation> mine = stores.checkins().participation(c.id(), me.id());
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", c.id());
            entry.put("question_set", c.questions().id());
            entry.put("status", c.status().name().toLowerCase(Locale.ROOT));
            entry.put("created_at", c.createdAt().toString());
            mine.flatMap(Participation::submittedAt).ifPresent(at -> entry.put("submitted_at", at.toString()));
            List<Map<String, Object>> answers = new ArrayList<>();
            for (Question q : c.questions().questions()) {
                Answer a = mine.map(p -> p.progress().answers().get(q.id())).orElse(null);
                if (a != null) {
                    boolean sent = mine.filter(p -> p.progress().sentNow().contains(q.id())).isPresent();
                    Optional<String> from = mine.map(p -> p.progress().sources().get(q.id()));
                    answers.add(answer(q, a, sent, from));
                }
            }
            entry.put("my_answers", answers);
            checkins.add(entry);
        }
        root.put("checkins", checkins);
        String content;
        try {
            content = json.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("export could not be written", e);
        }
        turn.reply(new Message(me.id(), List.of(Line.text("Here is everything I keep about you, as a JSON file. "
                + "It is only for you.")), Optional.empty(), List.of(),
                Optional.of(new Attachment("afterglow-export.json", "application/json", content))));
    }

    /**
     * @param sent the person sent this answer to their partner at once, before any reveal
     * @param from the platform's id of the message the answer was typed in, kept so deleting it takes it back
     */
    private static Map<String, Object> answer(Question q, Answer a, boolean sent, Optional<String> from) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("question", q.prompt());
        out.put("skipped", a.skipped());
        if (a.answered()) {
            switch (q.type()) {
                case SCALE -> out.put("answer", a.scale());
                case ONE, MANY -> out.put("answer", a.choices().stream().map(q::label).toList());
                case TEXT -> out.put("answer", a.text());
            }
            out.put("shared", a.shared());
            out.put("sent_to_partner_at_once", sent);
        }
        from.ifPresent(id -> out.put("from_message", id));
        return out;
    }
}
