/**
 * An in-memory Matrix homeserver stand-in for tests: the client-server API subset the Matrix
 * adapter uses, served over HTTP on 127.0.0.1, with simulated people, fault injection and a
 * request log. {@link app.afterglow.testing.matrix.E2eeDevice} is a person's encrypting device
 * whose Olm/Megolm runs in Debian's libolm ({@code python3-olm}, in a child process), so the bot's
 * encryption is checked against an implementation that is not its own. Test scope only; it may
 * not touch production code or any network beyond loopback.
 */
package app.afterglow.testing.matrix;
