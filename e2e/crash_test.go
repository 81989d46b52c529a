package e2e

// Crash safety: under concurrent load the process is SIGKILLed at random
// moments; after each restart every acknowledged change (authorizations,
// login codes, personas created through the control API) must be there and
// the state file must pass bbolt's consistency check.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// tryCall is a wx call that tolerates the process dying under it: only a
// complete ":ok" answer counts as acknowledged.
func tryCall(client *http.Client, base, token, api string, body any) (map[string]any, bool) {
	raw, _ := json.Marshal(body)
	req, err := http.NewRequest("POST", base+"/wx/"+DemoAppID+"/"+api, bytes.NewReader(raw))
	if err != nil {
		return nil, false
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		return nil, false
	}
	defer resp.Body.Close()
	var out map[string]any
	if json.NewDecoder(resp.Body).Decode(&out) != nil || resp.StatusCode != 200 || out["errMsg"] != api+":ok" {
		return nil, false
	}
	return out, true
}

// createPersona creates a persona through the control API; true when the
// host acknowledged it (201).
func createPersona(client *http.Client, base, token, id string) bool {
	body, _ := json.Marshal(map[string]any{"id": id, "nickName": "Crash " + id, "language": "en"})
	req, err := http.NewRequest("POST", base+"/_minihost/personas", bytes.NewReader(body))
	if err != nil {
		return false
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	return resp.StatusCode == http.StatusCreated
}

func personaExists(client *http.Client, base, token, id string) bool {
	req, _ := http.NewRequest("GET", base+"/_minihost/personas", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return bytes.Contains(raw, []byte(`"`+id+`"`))
}

func TestCrashUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	const (
		rounds  = 5
		workers = 8
		// jscode2session allows 100 exchanges per user per minute (counted
		// in memory, so a restart resets it); each round checks fewer.
		codesPerCheck = 40
	)
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	scopes := []string{"scope.userLocation", "scope.userFuzzyLocation", "scope.userLocationBackground", "scope.record",
		"scope.camera", "scope.bluetooth", "scope.writePhotosAlbum", "scope.addPhoneContact", "scope.addPhoneCalendar",
		"scope.werun", "scope.addFriend"}

	h := StartHost(t, "allow")
	controlToken, err := os.ReadFile(filepath.Join(h.DataDir, "control.token"))
	if err != nil {
		t.Fatal(err)
	}
	ctl := strings.TrimSpace(string(controlToken))
	var mu sync.Mutex
	var codes []string
	ackedScopes := map[string]bool{}
	var ackedPersonas []string
	client := &http.Client{Timeout: 5 * time.Second}

	for round := 0; round < rounds; round++ {
		base, token := h.URL, h.Demo.Token
		stop := make(chan struct{})
		var wg sync.WaitGroup
		var acks int
		for w := 0; w < workers; w++ {
			wg.Add(1)
			wrng := rand.New(rand.NewPCG(seed, uint64(round*workers+w+2)))
			go func() {
				defer wg.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					if wrng.IntN(8) == 0 {
						// A persona change through the control API.
						id := fmt.Sprintf("p%d-%d", round, wrng.Uint32())
						if createPersona(client, base, ctl, id) {
							mu.Lock()
							ackedPersonas = append(ackedPersonas, id)
							acks++
							mu.Unlock()
						}
						continue
					}
					if wrng.IntN(4) == 0 {
						scope := scopes[wrng.IntN(len(scopes))]
						if _, ok := tryCall(client, base, token, "authorize", map[string]any{"scope": scope}); ok {
							mu.Lock()
							ackedScopes[scope] = true
							acks++
							mu.Unlock()
						}
						continue
					}
					if res, ok := tryCall(client, base, token, "login", nil); ok {
						mu.Lock()
						codes = append(codes, res["code"].(string))
						acks++
						mu.Unlock()
					}
				}
			}()
		}
		time.Sleep(time.Duration(50+rng.IntN(400)) * time.Millisecond)
		h.Kill() // SIGKILL in the middle of the load
		close(stop)
		wg.Wait()
		t.Logf("round %d: %d acknowledged changes before the kill", round, acks)

		h.Start() // fails the test if the state file does not open

		setting := h.MustCall("getSetting", nil)
		auth := obj(setting, "authSetting")
		for scope := range ackedScopes {
			if auth[scope] != true {
				t.Fatalf("round %d: acknowledged authorize of %s lost after kill -9: authSetting %v", round, scope, auth)
			}
		}
		for _, id := range ackedPersonas {
			if !personaExists(client, h.URL, ctl, id) {
				t.Fatalf("round %d: acknowledged persona %s lost after kill -9", round, id)
			}
		}
		// Sample acknowledged codes: each must still be exchangeable.
		rng.Shuffle(len(codes), func(i, j int) { codes[i], codes[j] = codes[j], codes[i] })
		n := min(codesPerCheck, len(codes))
		for _, code := range codes[:n] {
			res := h.Code2Session(code)
			if str(res, "openid") == "" {
				t.Fatalf("round %d: acknowledged login code lost after kill -9: jscode2session %v", round, res)
			}
		}
		codes = codes[n:]
	}

	h.Kill()
	db, err := bolt.Open(filepath.Join(h.DataDir, "state.db"), 0o600, &bolt.Options{ReadOnly: true, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatalf("state file after kill -9: %v", err)
	}
	defer db.Close()
	err = db.View(func(tx *bolt.Tx) error {
		var problems []error
		for e := range tx.Check() {
			problems = append(problems, e)
		}
		if len(problems) > 0 {
			return fmt.Errorf("bbolt consistency check: %v", problems)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
