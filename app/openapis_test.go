package app

import (
	"context"
	"errors"
	"reflect"
	"testing"
)

// TestOpenAPIsTable: names are unique, every prompting row is a policy key
// and no other API is, and a row's Params are its argument struct's fields.
func TestOpenAPIsTable(t *testing.T) {
	seen := map[string]bool{}
	for _, a := range OpenAPIs() {
		if seen[a.Name] {
			t.Errorf("%s twice in the table", a.Name)
		}
		seen[a.Name] = true
		if err := ValidPolicyKey(a.Name); (err == nil) != (a.Prompt != "") {
			t.Errorf("ValidPolicyKey(%s) = %v, prompt %q", a.Name, err, a.Prompt)
		}
		if got, ok := LookupOpenAPI(a.Name); !ok || got.Name != a.Name {
			t.Errorf("LookupOpenAPI(%s) = %v, %v", a.Name, got.Name, ok)
		}
	}
	if _, ok := LookupOpenAPI("requestPayment"); ok {
		t.Error("LookupOpenAPI finds an API not in the table")
	}
	soter, _ := LookupOpenAPI("startSoterAuthentication")
	if want := []string{"requestAuthModes", "challenge", "authContent"}; !reflect.DeepEqual(soter.Params, want) {
		t.Errorf("startSoterAuthentication params %v, want %v", soter.Params, want)
	}
}

// TestOpenAPICallDecodes: a row's Call hands its argument struct to the
// transport's decoder and stops at its error, before the Host is touched.
func TestOpenAPICallDecodes(t *testing.T) {
	bad := errors.New("bad body")
	for _, a := range OpenAPIs() {
		var got any
		_, err := a.Call(context.Background(), nil, APICall{AppID: "wx1", Decode: func(v any) error { got = v; return bad }})
		if !errors.Is(err, bad) {
			t.Errorf("%s: Call = %v, want the decoder's error", a.Name, err)
		}
		if rv := reflect.ValueOf(got); rv.Kind() != reflect.Pointer || rv.Elem().Kind() != reflect.Struct {
			t.Errorf("%s decodes into %T, want a pointer to its argument struct", a.Name, got)
		}
	}
}

func TestCanIUseTree(t *testing.T) {
	a, _ := LookupOpenAPI("getUserProfile")
	tree := a.CanIUse()
	walk := func(path ...string) bool {
		var node any = tree
		for _, p := range path {
			m, ok := node.(map[string]any)
			if !ok {
				return false
			}
			if node, ok = m[p]; !ok {
				return false
			}
		}
		return true
	}
	for _, p := range [][]string{{"object", "desc"}, {"object", "lang", "zh_TW"}, {"object", "timeout"}, {"success", "userInfo", "nickName"}, {"success", "errMsg"}} {
		if !walk(p...) {
			t.Errorf("getUserProfile canIUse lacks %v", p)
		}
	}
	if walk("object", "_userGesture") || walk("return") {
		t.Error("getUserProfile canIUse has the wire's _userGesture or a return")
	}
	sync, _ := LookupOpenAPI("getAccountInfoSync")
	if tree := sync.CanIUse(); tree["object"] != nil || tree["return"] == nil {
		t.Errorf("getAccountInfoSync canIUse %v: want return only", tree)
	}
}
