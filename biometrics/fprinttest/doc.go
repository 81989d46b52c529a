// Package fprinttest runs a real fprintd with libfprint's virtual reader on a
// private system bus, for tests and end-to-end runs that exercise minihost's
// fprintd backend without hardware and without touching the machine's own
// system bus, polkit or enrolled prints.
//
// A Daemon owns a private dbus-daemon (type system), an in-process polkit
// stand-in that authorizes everything, and `/usr/libexec/fprintd -t` whose
// state lives in a temporary directory. Fingers are "scanned" by writing
// commands to the virtual reader's socket.
package fprinttest
