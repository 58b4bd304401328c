/**
 * The platform-neutral heart of Afterglow: partnerships, check-ins, the consent rule, sessions and scheduling, reached through {@link app.afterglow.core.Afterglow}. It knows nothing of Discord, Matrix, HTTP, SQL or files: it talks to storage through the ports in {@code core.store} and to people through platform-neutral messages that adapters render.
 */
package app.afterglow.core;
