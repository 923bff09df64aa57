// Error replies shared across commands, byte-identical to Redis's (without "-" and CRLF).
export const ERR_SYNTAX = "ERR syntax error";
export const ERR_WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
export const ERR_NOT_INTEGER = "ERR value is not an integer or out of range";
export const ERR_NOT_FLOAT = "ERR value is not a valid float";
export const ERR_OVERFLOW = "ERR increment or decrement would overflow";
export const ERR_NO_SUCH_KEY = "ERR no such key";
export const ERR_DB_INDEX = "ERR DB index is out of range";
export const ERR_INVALID_DB = "ERR invalid DB index";
export const ERR_SAME_OBJECT = "ERR source and destination objects are the same";
export const ERR_NOT_POSITIVE = "ERR value is out of range, must be positive";
export const ERR_STRING_TOO_LONG = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
export const ERR_NAN_INF = "ERR increment would produce NaN or Infinity";
export const ERR_INVALID_CURSOR = "ERR invalid cursor";
export const ERR_DEBUG_DISABLED = "ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.";
