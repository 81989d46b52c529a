package app_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/minihost/minihost/app"
)

func item(key, data string) app.StorageItem {
	return app.StorageItem{Key: key, Data: json.RawMessage(data)}
}

func TestStoragePerAppAndPersona(t *testing.T) {
	ctx := context.Background()
	th := newTestHost(t, nil, nil)
	if err := th.StorageSet(app.StorageAt{API: "setStorage", AppID: testAppID}, item("cart", `{"n":2}`)); err != nil {
		t.Fatal(err)
	}
	if err := th.StorageSet(app.StorageAt{API: "setStorage", AppID: "wxother"}, item("cart", `"other app"`)); err != nil {
		t.Fatal(err)
	}
	if err := th.SwitchPersona(ctx, "bob"); err != nil {
		t.Fatal(err)
	}
	if _, err := th.StorageGet(app.StorageAt{API: "getStorage", AppID: testAppID}, "cart"); err == nil || !strings.Contains(err.Error(), "getStorage:fail data not found") {
		t.Fatalf("bob sees alice's key: %v", err)
	}
	if err := th.StorageSet(app.StorageAt{API: "setStorage", AppID: testAppID}, item("cart", `[1]`)); err != nil {
		t.Fatal(err)
	}
	th.open(t) // a restart
	for _, c := range []struct{ persona, app, want string }{
		{"alice", testAppID, `{"n":2}`}, {"alice", "wxother", `"other app"`}, {"bob", testAppID, `[1]`},
	} {
		it, err := th.StorageGet(app.StorageAt{API: "getStorage", Persona: c.persona, AppID: c.app}, "cart")
		if err != nil || string(it.Data) != c.want {
			t.Errorf("%s in %s: %s, %v; want %s", c.persona, c.app, it.Data, err, c.want)
		}
	}
	st, err := th.Storage(app.StorageAt{Persona: "alice", AppID: testAppID})
	if err != nil || len(st.Items) != 1 || st.Info().CurrentSize != 1 || st.Info().LimitSize != 10240 {
		t.Fatalf("alice's storage: %+v %+v, %v", st, st.Info(), err)
	}
	if err := th.StorageRemove(app.StorageAt{API: "removeStorage", Persona: "alice", AppID: testAppID}, "cart"); err != nil {
		t.Fatal(err)
	}
	if err := th.StorageClear(app.StorageAt{Persona: "bob", AppID: testAppID}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"alice", "bob"} {
		if st, _ := th.Storage(app.StorageAt{Persona: p, AppID: testAppID}); len(st.Items) != 0 {
			t.Errorf("%s still has %+v", p, st.Items)
		}
	}
	if it, _ := th.StorageGet(app.StorageAt{API: "getStorage", Persona: "alice", AppID: "wxother"}, "cart"); string(it.Data) != `"other app"` {
		t.Errorf("clearing one app touched another: %s", it.Data)
	}
	if _, err := th.Storage(app.StorageAt{Persona: "nobody", AppID: testAppID}); err == nil {
		t.Error("storage of a missing persona: no error")
	}
}

func TestStorageLimits(t *testing.T) {
	th := newTestHost(t, nil, nil)
	big := func(n int) string { return `"` + strings.Repeat("x", n) + `"` }
	cases := []struct {
		name string
		it   app.StorageItem
		want string // "" = ok
	}{
		{"empty key", item("", `1`), "setStorage:fail parameter error"},
		{"not JSON", item("k", `{`), "setStorage:fail parameter error"},
		{"bad type", app.StorageItem{Key: "k", Data: json.RawMessage(`1`), Type: "Map"}, "unknown data type"},
		{"1 MB exactly", item("k", big(app.StorageItemLimit-3)), ""},
		{"over 1 MB", item("k", big(app.StorageItemLimit-2)), "setStorage:fail exceed storage item max length"},
	}
	for _, c := range cases {
		err := th.StorageSet(app.StorageAt{API: "setStorage", AppID: testAppID}, c.it)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: got %v, want %q", c.name, err, c.want)
		}
	}
	// Fill the app to 10 MB: 10 keys of 1 MB less a little, then one more.
	if err := th.StorageRemove(app.StorageAt{API: "removeStorage", AppID: testAppID}, "k"); err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		key := string(rune('a' + i))
		if err := th.StorageSet(app.StorageAt{API: "setStorage", AppID: testAppID}, item(key, big(app.StorageItemLimit-100))); err != nil {
			t.Fatalf("key %d: %v", i, err)
		}
	}
	err := th.StorageSet(app.StorageAt{API: "setStorage", AppID: testAppID}, item("z", big(app.StorageItemLimit-100)))
	if err == nil || !strings.Contains(err.Error(), "setStorage:fail exceed storage max size 10Mb") {
		t.Fatalf("over 10 MB: %v", err)
	}
	// Replacing a key counts its new size, not both.
	if err := th.StorageSet(app.StorageAt{API: "setStorage", AppID: testAppID}, item("a", `1`)); err != nil {
		t.Fatal(err)
	}
	if err := th.StorageSet(app.StorageAt{API: "setStorage", AppID: testAppID}, item("z", big(1000))); err != nil {
		t.Fatalf("after shrinking a key: %v", err)
	}
	// Another persona has its own 10 MB.
	if err := th.StorageSet(app.StorageAt{API: "setStorage", Persona: "bob", AppID: testAppID}, item("z", big(app.StorageItemLimit-100))); err != nil {
		t.Fatal(err)
	}
}

func TestDeletePersonaDeletesStorageAndLocation(t *testing.T) {
	ctx := context.Background()
	th := newTestHost(t, nil, nil)
	if err := th.StorageSet(app.StorageAt{API: "setStorage", Persona: "bob", AppID: testAppID}, item("k", `1`)); err != nil {
		t.Fatal(err)
	}
	if err := th.SetPersonaLocation(ctx, "bob", app.Location{Latitude: 1, Longitude: 2}); err != nil {
		t.Fatal(err)
	}
	if err := th.DeletePersona(ctx, "bob"); err != nil {
		t.Fatal(err)
	}
	if _, err := th.CreatePersona(ctx, app.Persona{ID: "bob", NickName: "Bob 2", Language: "en", Color: "#000000"}); err != nil {
		t.Fatal(err)
	}
	if st, _ := th.Storage(app.StorageAt{Persona: "bob", AppID: testAppID}); len(st.Items) != 0 {
		t.Errorf("a new bob inherits storage: %+v", st.Items)
	}
	if l, _ := th.PersonaLocation("bob"); l.Latitude == 1 {
		t.Errorf("a new bob inherits the location: %+v", l)
	}
}

func TestGetLocationAfterAuthorize(t *testing.T) {
	ctx := context.Background()
	th := newTestHost(t, nil, nil)
	if err := th.SetPersonaLocation(ctx, "alice", app.Location{Latitude: 31.2304, Longitude: 121.4737, Name: "Shanghai"}); err != nil {
		t.Fatal(err)
	}
	th.prompt.allow = false
	r, err := th.GetLocation(ctx, testAppID, "gcj02")
	if got := errMsg(t, r, err); got != "getLocation:fail auth deny" {
		t.Fatalf("denied: %q", got)
	}
	th.prompt.allow = true
	r, err = th.GetLocation(ctx, testAppID, "")
	if got := errMsg(t, r, err); got != "getLocation:fail auth deny" {
		t.Fatalf("denied once stays denied without a prompt (as on a phone): %q", got)
	}
	if n := th.prompt.count("authorize"); n != 1 {
		t.Fatalf("%d prompts, want 1", n)
	}
	if err := th.SetScope(ctx, app.ScopeChange{PersonaID: "alice", AppID: testAppID, Scope: "scope.userLocation", On: true}); err != nil {
		t.Fatal(err)
	}
	r, err = th.GetLocation(ctx, testAppID, "wgs84")
	if got := errMsg(t, r, err); got != "getLocation:ok" || r["latitude"] != 31.2304 || r["longitude"] != 121.4737 {
		t.Fatalf("granted: %v", r)
	}
	if _, err := th.GetLocation(ctx, testAppID, "bd09"); err == nil {
		t.Error("type bd09 accepted")
	}
	if err := th.SetPersonaLocation(ctx, "alice", app.Location{Latitude: 91}); err == nil {
		t.Error("latitude 91 accepted")
	}
}

func TestCheckURL(t *testing.T) {
	on := testMiniProgram(t, map[string]string{"minihost.json": `{"requestDomains":["https://api.example.com"],"downloadDomains":["cdn.example.com"]}`})
	off := testMiniProgram(t, map[string]string{"project.config.json": `{"appid":"` + testAppID + `","setting":{"urlCheck":false}}`})
	cases := []struct {
		mp   *app.MiniProgram
		api  string
		url  string
		want string
	}{
		{on, "request", "https://api.example.com/v1?x=1", ""},
		{on, "request", "https://API.example.com:443/v1", ""},
		{on, "request", "http://api.example.com/v1", "request:fail url not in domain list"},
		{on, "request", "https://evil.example.com/", "request:fail url not in domain list"},
		{on, "request", "http://127.0.0.1:8080/", "request:fail url not in domain list"},
		{on, "downloadFile", "https://cdn.example.com/a.png", ""},
		{on, "downloadFile", "https://api.example.com/a.png", "downloadFile:fail url not in domain list"},
		{on, "request", "ftp://api.example.com/", "request:fail invalid url"},
		{off, "request", "http://127.0.0.1:8080/", ""},
		{off, "request", "not a url", "request:fail invalid url"},
	}
	for _, c := range cases {
		err := c.mp.CheckURL(c.api, c.url)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("%s %s: got %q, want %q", c.api, c.url, got, c.want)
		}
	}
	if _, err := app.LoadMiniProgram(mapFS(map[string]string{
		"project.config.json": `{"appid":"` + testAppID + `"}`, "app.json": `{"pages":["pages/index/index"]}`,
		"pages/index/index.html": ``, "minihost.json": `{"requestDomains":["https://a/b"]}`,
	})); err == nil {
		t.Error("a domain with a path accepted")
	}
}

func TestSavePhoto(t *testing.T) {
	ctx := context.Background()
	th := newTestHost(t, nil, nil)
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde")
	if _, err := th.SavePhoto(ctx, testAppID, "a.png", png); err == nil || !strings.Contains(err.Error(), "no photo album") {
		t.Fatalf("without PhotosDir: %v", err)
	}
}
