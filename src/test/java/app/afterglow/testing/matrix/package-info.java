/**
 * An in-memory Matrix homeserver stand-in for tests: the client-server API subset the Matrix
 * adapter uses, served over HTTP on 127.0.0.1, with simulated people, fault injection and a
 * request log. Test scope only; it may not touch production code or any network beyond loopback.
 */
package app.afterglow.testing.matrix;
