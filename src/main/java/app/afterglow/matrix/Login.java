package app.afterglow.matrix;

import app.afterglow.core.util.Backoff;
import app.afterglow.config.MatrixConfig;
import app.afterglow.config.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Gets the bot a working access token: the configured one, or else the one kept from an earlier
 * password login, or else a new password login whose token (and device) is kept, so the password
 * is used once and restarts stay on one device. Checks with {@code whoami} that the token is the
 * configured account's. Waits out an unreachable homeserver; a refusal is a
 * {@link MatrixLoginException}. Thread-safe.
 */
final class Login {
    private static final Logger LOG = LoggerFactory.getLogger(Login.class);

    private final MatrixConfig config;
    private final MatrixApi api;
    private final MatrixState state;
    private final Backoff outage;
    private final SignedIn signedIn;

    /** What runs after every successful login, with the device it is on (the encryption starts there). */
    interface SignedIn {
        void on(String deviceId) throws InterruptedException;
    }

    Login(MatrixConfig config, MatrixApi api, MatrixState state, Backoff outage, SignedIn signedIn) {
        this.config = Objects.requireNonNull(config, "config");
        this.api = Objects.requireNonNull(api, "api");
        this.state = Objects.requireNonNull(state, "state");
        this.outage = Objects.requireNonNull(outage, "outage");
        this.signedIn = Objects.requireNonNull(signedIn, "signedIn");
    }

    /** Blocks until logged in, retrying an unreachable homeserver for as long as it takes. */
    synchronized void logIn() throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                attempt();
                return;
            } catch (MatrixException e) {
                if (!e.isTransient()) {
                    throw new MatrixLoginException("The Matrix homeserver " + config.homeserver() + " answered "
                            + e.getMessage() + " while the bot was logging in. Check matrix.homeserver and matrix.user_id.");
                }
                Duration wait = e.retryAfter().isPresent() ? e.retryAfter().get() : outage.delay(attempt);
                LOG.warn("Matrix homeserver {} is not reachable ({}); trying again in {} s", config.homeserver(),
                        e.getMessage(), wait.toSeconds() + 1);
                Thread.sleep(wait.toMillis());
            }
        }
    }

    /** The token stopped working while running: a configured one is fatal, a kept one is replaced. */
    synchronized void renew() throws InterruptedException {
        if (config.accessToken().isPresent()) {
            throw new MatrixLoginException("The Matrix homeserver " + config.homeserver() + " no longer accepts the "
                    + "access token for " + config.userId() + " (it was logged out or revoked). Make a new access token "
                    + "for the bot account and set matrix.access_token (or AFTERGLOW_MATRIX_ACCESS_TOKEN).");
        }
        state.forgetAccessToken(config.userId());
        LOG.info("the Matrix access token stopped working; logging in again");
        logIn();
    }

    private void attempt() throws InterruptedException {
        signedIn.on(signIn());
    }

    /** Signs in one way or another; returns the device, if the homeserver or the config says which. */
    private String signIn() throws InterruptedException {
        String userId = config.userId();
        if (config.accessToken().isPresent()) {
            api.useToken(config.accessToken().get().reveal());
            MatrixApi.Whoami owner = owner().orElseThrow(() -> new MatrixLoginException("The Matrix homeserver "
                    + config.homeserver() + " refused the access token for " + userId + ". It may be mistyped, logged "
                    + "out or revoked: make a new access token for the bot account and set matrix.access_token "
                    + "(or AFTERGLOW_MATRIX_ACCESS_TOKEN)."));
            requireBotAccount(owner.userId());
            LOG.info("Matrix: signed in as {} with the configured access token", userId);
            return device(owner);
        }
        Optional<String> kept = state.accessToken(userId);
        if (kept.isPresent()) {
            api.useToken(kept.get());
            Optional<MatrixApi.Whoami> owner = owner();
            if (owner.isPresent()) {
                requireBotAccount(owner.get().userId());
                LOG.info("Matrix: signed in as {} with the access token kept from the last login", userId);
                return owner.get().deviceId().or(() -> state.deviceId(userId)).orElse("");
            }
            state.forgetAccessToken(userId);
            LOG.info("the kept Matrix access token no longer works; logging in with the password again");
        }
        return passwordLogin(userId, config.password().orElseThrow());
    }

    /** The device of a configured token: as the homeserver says, else as the config says; empty if neither. */
    private String device(MatrixApi.Whoami owner) {
        Optional<String> device = owner.deviceId().or(config::deviceId);
        if (owner.deviceId().isPresent() && config.deviceId().isPresent()
                && !owner.deviceId().equals(config.deviceId())) {
            throw new MatrixLoginException("The Matrix access token is for device " + owner.deviceId().get()
                    + ", but matrix.device_id is " + config.deviceId().get() + ". Remove matrix.device_id, or use a "
                    + "token of that device.");
        }
        return device.orElse("");
    }

    private String passwordLogin(String userId, Secret password) throws InterruptedException {
        Optional<String> device = config.deviceId().or(() -> state.deviceId(userId));
        MatrixApi.Login login;
        try {
            login = api.login(userId, password.reveal(), device);
        } catch (MatrixException e) {
            if (e.isTransient()) {
                throw e;
            }
            throw new MatrixLoginException("The Matrix homeserver " + config.homeserver() + " refused the password for "
                    + userId + " (" + e.status() + (e.errcode().isEmpty() ? "" : " " + e.errcode()) + "). Check "
                    + "matrix.password (or AFTERGLOW_MATRIX_PASSWORD) and matrix.user_id.");
        }
        state.login(userId, login.accessToken(), login.deviceId());
        api.useToken(login.accessToken());
        LOG.info("Matrix: logged in as {} on device {}; the access token is kept, so the password is not needed again",
                userId, login.deviceId());
        return login.deviceId();
    }

    /** Whose the token in use is, by whoami; empty when the homeserver does not know it. */
    private Optional<MatrixApi.Whoami> owner() throws InterruptedException {
        try {
            return Optional.of(api.whoami());
        } catch (MatrixException e) {
            if (e.isUnknownToken()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private void requireBotAccount(String owner) {
        if (!owner.equals(config.userId())) {
            throw new MatrixLoginException("The Matrix access token belongs to " + owner + ", but matrix.user_id is "
                    + config.userId() + ". Use a token of the bot account, or correct matrix.user_id.");
        }
    }
}
