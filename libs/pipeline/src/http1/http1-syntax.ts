/** The HTTP/1.1 character rules the inbound server and the upstream client both check (RFC 9110, RFC 9112). */

/** Token characters: what a method and a header name may consist of. */
export const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** A character no header value may hold: anything but HTAB, visible ASCII, space and obs-text (no CR, LF or NUL). */
export const INVALID_HEADER_VALUE_CHAR = /[^\t\x20-\x7e\x80-\xff]/;
/** A Content-Length we read: plain digits, few enough that the number is exact in a double. */
export const CONTENT_LENGTH_DIGITS = /^[0-9]{1,15}$/;
