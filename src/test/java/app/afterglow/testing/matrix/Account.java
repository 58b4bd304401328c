package app.afterglow.testing.matrix;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A registered user: display name, an optional password (simulated people have none, so only
 * the bot can log in over HTTP) and global account data. Guarded by the {@link HomeserverState} lock.
 */
final class Account {
    /** One account-data entry, stamped with the stream position at which it last changed. */
    record AccountData(String type, long ordinal, ObjectNode content) {
    }

    private final String displayName;
    private final String password;
    private final Map<String, AccountData> accountData = new LinkedHashMap<>();

    Account(String displayName, String password) {
        this.displayName = displayName;
        this.password = password;
    }

    String displayName() {
        return displayName;
    }

    boolean acceptsPassword(String candidate) {
        return password != null && password.equals(candidate);
    }

    void putAccountData(String type, long ordinal, ObjectNode content) {
        accountData.put(type, new AccountData(type, ordinal, content));
    }

    Optional<ObjectNode> accountData(String type) {
        return Optional.ofNullable(accountData.get(type)).map(AccountData::content);
    }

    List<AccountData> accountDataChangedAfter(long ordinal) {
        return accountData.values().stream().filter(d -> d.ordinal() > ordinal).toList();
    }
}
