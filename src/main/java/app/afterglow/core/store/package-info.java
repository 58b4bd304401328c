/**
 * The ports the core needs from storage, with their contracts. Implemented by the storage package; the core never sees SQL.
 */
package app.afterglow.core.store;
