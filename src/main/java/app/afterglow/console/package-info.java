/**
 * The console platform: a terminal chat where one plays every person (NAME: TEXT lines), for trying the bot without a token, for demos and for tests. It only translates lines to core inputs and messages to printed lines; it holds no rule of the product and never touches storage.
 */
package app.afterglow.console;
