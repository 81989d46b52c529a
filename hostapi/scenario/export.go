package scenario

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/minihost/minihost/hostapi/client"
)

// Export writes the host's current setup as a scenario that recreates it:
// the current persona, the app's envVersion and userInfoPolicy, prompt
// policies, active faults and timeout overrides. Running it (minihost run)
// imports the setup on another machine; personas travel separately, as a
// personas file (minihost ctl personas export), which the scenario can name.
func Export(ctx context.Context, c *client.Client, appID string) ([]byte, error) {
	st, err := c.Status(ctx)
	if err != nil {
		return nil, err
	}
	if appID == "" {
		if len(st.Apps) != 1 {
			return nil, fmt.Errorf("%d apps are loaded: name the one to export", len(st.Apps))
		}
		appID = st.Apps[0]
	}
	a, err := c.App(ctx, appID)
	if err != nil {
		return nil, err
	}
	var steps []map[string]any
	add := func(k string, v any) { steps = append(steps, map[string]any{k: v}) }
	add("persona", st.Persona)
	add("set_app", map[string]string{"envVersion": a.EnvVersion, "userInfoPolicy": a.UserInfoPolicy})
	add("clear_policies", true)
	if st.Policies != nil {
		pol := map[string]string{"default": st.Policies.Default.String()}
		for _, k := range sortedKeys(st.Policies.Rules) {
			pol[k] = st.Policies.Rules[k].String()
		}
		add("policy", pol)
	}
	add("clear_faults", "all")
	faults, err := c.Faults(ctx)
	if err != nil {
		return nil, err
	}
	for _, f := range faults {
		spec := map[string]any{"api": f.API, "times": f.Remaining}
		if f.Times == 0 {
			spec["times"] = 0
		}
		if f.ErrMsg != "" {
			spec["errMsg"] = f.ErrMsg
		}
		if f.ErrCode != 0 {
			spec["errCode"] = f.ErrCode
		}
		if f.Delay != "" {
			spec["delay"] = f.Delay
		}
		if f.Hang {
			spec["hang"] = true
		}
		add("fault", spec)
	}
	add("timeouts", map[string]string{"codeTTL": st.Overrides.CodeTTL, "loginExpiry": st.Overrides.LoginExpiry})
	doc := struct {
		Name        string           `yaml:"name"`
		Description string           `yaml:"description"`
		App         string           `yaml:"app"`
		Steps       []map[string]any `yaml:"steps"`
	}{
		Name:        "setup exported from " + c.URL(),
		Description: "Recreates the host setup of " + time.Now().Format(time.RFC3339) + ". Run it with: minihost run FILE",
		App:         appID,
		Steps:       steps,
	}
	var buf bytes.Buffer
	buf.WriteString("# minihost scenario: run with `minihost run <this file>` against a running minihost.\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
