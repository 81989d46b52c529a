package fprintd

import (
	"context"
	"os/exec"
	"strings"
	"time"
)

// fprintdVersion finds fprintd's version once. fprintd does not publish it on
// the bus and has no --version flag, so the package manager is asked; the
// answer is kept only when the lookup was not cut short by ctx.
func (a *Authenticator) fprintdVersion(ctx context.Context) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.version != "" {
		return a.version
	}
	v := packageVersion(ctx)
	if ctx.Err() == nil {
		a.version = v
	}
	return v
}

// packageVersion asks dpkg (Debian, Ubuntu) then rpm (Fedora, openSUSE) for
// the installed fprintd's upstream version, or returns "unknown".
func packageVersion(ctx context.Context) string {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	queries := []struct {
		name string
		args []string
	}{
		{"dpkg-query", []string{"-W", "-f=${Version}", "fprintd"}},
		{"rpm", []string{"-q", "--qf", "%{VERSION}", "fprintd"}},
	}
	for _, q := range queries {
		if _, err := exec.LookPath(q.name); err != nil {
			continue
		}
		out, err := exec.CommandContext(ctx, q.name, q.args...).Output()
		if v := upstreamVersion(string(out)); err == nil && v != "" {
			return v
		}
	}
	return "unknown"
}

// upstreamVersion strips a Debian epoch ("1:") and packaging revision ("-2").
func upstreamVersion(v string) string {
	v = strings.TrimSpace(v)
	if _, after, ok := strings.Cut(v, ":"); ok {
		v = after
	}
	if i := strings.LastIndex(v, "-"); i > 0 {
		v = v[:i]
	}
	return v
}
