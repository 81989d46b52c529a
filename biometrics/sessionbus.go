package biometrics

import "github.com/minihost/minihost/biometrics/internal/bus"

// SessionBus is the desktop session bus's address, found without starting a
// bus (godbus would run dbus-launch); the error says why there is none. The
// Secret Service keyring looks it up the same way.
func SessionBus() (string, error) { return bus.SessionAddress() }
