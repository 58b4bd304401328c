/**
 * The Discord platform, through JDA: slash commands, buttons, select menus and modals in, the
 * core's platform-neutral messages out as DMs and ephemeral replies. It only translates: it holds
 * no rule of the product (who may act, what is shared, what comes next is the core's) and never
 * touches storage, which it reaches only through {@link app.afterglow.core.Afterglow}.
 */
package app.afterglow.discord;
