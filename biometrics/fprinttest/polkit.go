package fprinttest

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/godbus/dbus/v5"
	"github.com/godbus/dbus/v5/prop"

	"github.com/minihost/minihost/biometrics/internal/bus"
)

const (
	polkitName  = "org.freedesktop.PolicyKit1"
	polkitPath  = dbus.ObjectPath("/org/freedesktop/PolicyKit1/Authority")
	polkitIface = "org.freedesktop.PolicyKit1.Authority"
)

// polkitSubject is polkit's (sa{sv}) subject: kind and details.
type polkitSubject struct {
	Kind    string
	Details map[string]dbus.Variant
}

// authorizationResult is polkit's (bba{ss}) answer.
type authorizationResult struct {
	IsAuthorized bool
	IsChallenge  bool
	Details      map[string]string
}

// authority stands in for polkitd on the private bus. fprintd asks polkit
// before Claim, Verify and Enroll; here every question is answered "yes",
// as polkitd would for a user at the console. It keeps the action IDs it was
// asked about so tests can see the checks really happen.
type authority struct {
	mu     sync.Mutex
	checks []string
}

// CheckAuthorization implements org.freedesktop.PolicyKit1.Authority.
func (p *authority) CheckAuthorization(subject polkitSubject, actionID string, details map[string]string, flags uint32, cancellationID string) (authorizationResult, *dbus.Error) {
	p.mu.Lock()
	p.checks = append(p.checks, actionID)
	p.mu.Unlock()
	return authorizationResult{IsAuthorized: true, Details: map[string]string{}}, nil
}

// CancelCheckAuthorization implements org.freedesktop.PolicyKit1.Authority;
// checks are answered at once, so there is never one to cancel.
func (p *authority) CancelCheckAuthorization(cancellationID string) *dbus.Error { return nil }

func (p *authority) actions() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.checks)
}

// startPolkit connects to the bus at address, exports the authority with the
// properties a GDBusProxy for it loads (fprintd's libpolkit calls GetAll) and
// takes polkit's well-known name.
func startPolkit(ctx context.Context, address string) (*dbus.Conn, *authority, error) {
	conn, err := bus.Connect(ctx, address)
	if err != nil {
		return nil, nil, fmt.Errorf("polkit stand-in: %w", err)
	}
	auth := &authority{}
	if err := conn.Export(auth, polkitPath, polkitIface); err != nil {
		conn.Close()
		return nil, nil, fmt.Errorf("polkit stand-in: export: %w", err)
	}
	props := prop.Map{polkitIface: {
		"BackendName":     {Value: "minihost-fprinttest", Emit: prop.EmitFalse},
		"BackendVersion":  {Value: "0", Emit: prop.EmitFalse},
		"BackendFeatures": {Value: uint32(0), Emit: prop.EmitFalse},
	}}
	if _, err := prop.Export(conn, polkitPath, props); err != nil {
		conn.Close()
		return nil, nil, fmt.Errorf("polkit stand-in: export properties: %w", err)
	}
	var reply uint32
	err = conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.RequestName", 0, polkitName, uint32(dbus.NameFlagDoNotQueue)).Store(&reply)
	if err == nil && dbus.RequestNameReply(reply) != dbus.RequestNameReplyPrimaryOwner {
		err = fmt.Errorf("name already taken (reply %d)", reply)
	}
	if err != nil {
		conn.Close()
		return nil, nil, fmt.Errorf("polkit stand-in: request %s: %w", polkitName, err)
	}
	return conn, auth, nil
}
