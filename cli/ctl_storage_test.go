package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/minihost/minihost/app"
	"github.com/minihost/minihost/app/boltstore"
	"github.com/minihost/minihost/hostapi"
)

// ctlStorageHost runs a real Host and server; ctl talks to it with --url/--token.
func ctlStorageHost(t *testing.T, appIDs ...string) (*app.Host, func(args ...string) (string, error)) {
	t.Helper()
	db, err := boltstore.Open(t.TempDir(), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	quiet := slog.New(slog.DiscardHandler)
	h, err := app.New(context.Background(), app.Options{Store: db, Keys: db.Keys(), Prompter: app.PolicyPrompter{Allow: true}, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range appIDs {
		mp, err := app.LoadMiniProgram(fstest.MapFS{
			"project.config.json":    {Data: []byte(`{"appid":"` + id + `"}`)},
			"app.json":               {Data: []byte(`{"pages":["pages/index/index"]}`)},
			"pages/index/index.html": {Data: []byte(``)},
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := h.Load(context.Background(), mp); err != nil {
			t.Fatal(err)
		}
	}
	const token = "ctl-test-token"
	srv := httptest.NewServer(hostapi.New(h, hostapi.Options{ControlToken: token, Logger: quiet}))
	t.Cleanup(func() { srv.Close(); h.Close(); db.Close() })
	return h, func(args ...string) (string, error) {
		var out bytes.Buffer
		err := runCtl(context.Background(), append([]string{"--url", srv.URL, "--token", token}, args...), &out, io.Discard)
		return out.String(), err
	}
}

func TestCtlStorage(t *testing.T) {
	h, ctl := ctlStorageHost(t, "wxctlstorage00001")
	steps := []struct {
		args []string
		want string // in the output ("" = no check); "ERR:" prefix = an error containing it
	}{
		{[]string{"storage"}, "0 key(s)"},
		{[]string{"storage", "set", "cart", `{"n":2}`}, `cart  {"n":2}`},
		{[]string{"storage", "set", "name", "Alice"}, `name  "Alice"`}, // not JSON: a string
		{[]string{"storage", "set", "num", "42", "--string"}, `num   "42"`},
		{[]string{"storage", "set", "wxctlstorage00001", "n", "7", "--persona", "bob"}, "persona bob: 1 key(s)"},
		{[]string{"storage", "get", "cart"}, `{"n":2}`},
		{[]string{"storage", "get", "cart", "--persona", "bob"}, "ERR:data not found"},
		{[]string{"storage", "remove", "name"}, "2 key(s)"},
		{[]string{"storage", "list", "--persona", "nobody"}, "ERR:nobody"},
		{[]string{"storage", "set", "big", `"` + strings.Repeat("x", app.StorageItemLimit) + `"`}, "ERR:exceed storage item max length"},
		{[]string{"storage", "get"}, "ERR:want [APPID] KEY"},
		{[]string{"storage", "clear"}, "0 key(s)"},
		{[]string{"storage", "list", "--persona", "bob"}, "persona bob: 1 key(s)"},
		{[]string{"location", "bob", "31.2304", "121.4737", "Shanghai"}, "Shanghai"},
		{[]string{"location", "91", "0"}, "ERR:latitude"},
	}
	for _, s := range steps {
		out, err := ctl(s.args...)
		if strings.HasPrefix(s.want, "ERR:") {
			if err == nil || !strings.Contains(err.Error(), strings.TrimPrefix(s.want, "ERR:")) {
				t.Errorf("ctl %s: err %v, want one containing %q (out %q)", strings.Join(s.args, " "), err, s.want[4:], out)
			}
			continue
		}
		if err != nil || !strings.Contains(out, s.want) {
			t.Errorf("ctl %s: %v\n%s\nwant %q", strings.Join(s.args, " "), err, out, s.want)
		}
	}
	if l, _ := h.PersonaLocation("bob"); l.Latitude != 31.2304 || l.Name != "Shanghai" {
		t.Errorf("bob's location: %+v", l)
	}
	out, err := ctl("storage", "--json", "--persona", "bob")
	var st app.Storage
	if err != nil || json.Unmarshal([]byte(out), &st) != nil || len(st.Items) != 1 || string(st.Items[0].Data) != "7" {
		t.Errorf("--json: %v %s", err, out)
	}
}
