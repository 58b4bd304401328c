package app.afterglow.core.conversation;

import app.afterglow.core.model.Person;
import app.afterglow.core.model.PersonId;
import app.afterglow.core.store.PersonStore;

import java.util.Objects;
import java.util.Optional;

/** Looks people up for the services, and names them in messages. */
public final class People {
    /** How someone who erased their data is called. */
    public static final String FORMER_PARTNER = "your former partner";

    private final PersonStore store;

    public People(PersonStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    public Person require(PersonId id) {
        return store.find(id).orElseThrow(() -> new IllegalStateException("unknown " + id));
    }

    public Optional<Person> find(Optional<PersonId> id) {
        return id.flatMap(store::find);
    }

    /** The display name of the person, untrusted text, or a neutral phrase if they are gone. */
    public String name(Optional<PersonId> id) {
        return find(id).map(Person::name).orElse(FORMER_PARTNER);
    }
}
