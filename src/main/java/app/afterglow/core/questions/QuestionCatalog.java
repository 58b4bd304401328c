package app.afterglow.core.questions;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The question sets this deployment offers, by id. Immutable once built. */
public final class QuestionCatalog {
    private final Map<String, QuestionSet> sets;

    public QuestionCatalog(Collection<QuestionSet> sets) {
        Map<String, QuestionSet> byId = new LinkedHashMap<>();
        for (QuestionSet set : sets) {
            byId.put(set.id(), set);
        }
        for (CheckinKind kind : CheckinKind.values()) {
            if (!byId.containsKey(kind.id())) {
                throw new IllegalArgumentException("no question set with id '" + kind.id() + "'");
            }
            if (byId.get(kind.id()).kind() != kind) {
                throw new IllegalArgumentException("question set '" + kind.id() + "' must be of kind " + kind.id());
            }
        }
        this.sets = Map.copyOf(byId);
        this.ordered = List.copyOf(byId.values());
    }

    private final List<QuestionSet> ordered;

    public Optional<QuestionSet> find(String id) {
        return Optional.ofNullable(sets.get(id));
    }

    /** The set a session or a follow-up uses for {@code kind}. */
    public QuestionSet standard(CheckinKind kind) {
        return sets.get(kind.id());
    }

    /** Sets a person may start with {@code /checkin}: every set that is not personal. */
    public List<QuestionSet> startable() {
        return ordered.stream().filter(s -> !s.kind().personal()).toList();
    }
}
