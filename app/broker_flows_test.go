package app_test

import (
	"context"
	"errors"
	"maps"
	"testing"

	"github.com/minihost/minihost/app"
)

// The phone and subscribe prompts through the broker, as the control API
// and the window answer them.

func TestBrokerPhoneAnswers(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		policy, answer, want string
	}{
		{"ask", "allow", "getPhoneNumber:ok"},
		{"ask", "deny", "getPhoneNumber:fail user deny"},
		{"ask", "cancel", "getPhoneNumber:fail user deny"},
		{"allow", "", "getPhoneNumber:ok"},
		{"deny", "", "getPhoneNumber:fail user deny"},
	} {
		t.Run(tt.policy+" "+tt.answer, func(t *testing.T) {
			h, b := brokerHost(t)
			if err := b.SetPolicy("getPhoneNumber", mustPolicy(t, tt.policy)); err != nil {
				t.Fatal(err)
			}
			call := start(func() (app.Result, error) { return h.GetPhoneNumber(ctx, testAppID, false, true) })
			if tt.answer != "" {
				p := nextPrompt(t, b, 0)
				if p.Kind != app.PromptPhone || p.API != "getPhoneNumber" || p.Phone != "+1 2025550143" || p.Persona != "alice" {
					t.Fatalf("prompt %+v", p)
				}
				if err := b.Answer(ctx, p.ID, app.Answer{Action: "allow", Choices: map[string]string{"x": "accept"}}); !errors.Is(err, app.ErrInvalid) {
					t.Fatalf("choices on a phone prompt: %v, want ErrInvalid", err)
				}
				if err := b.Answer(ctx, p.ID, app.Answer{Action: tt.answer}); err != nil {
					t.Fatal(err)
				}
			}
			if got := waitCall(t, call); got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestBrokerSubscribeAnswers(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name   string
		policy string
		answer *app.Answer
		want   map[string]string
		kept   map[string]string
	}{
		{"allow accepts all", "ask", &app.Answer{Action: "allow"}, map[string]string{"A": "accept", "B": "accept"}, nil},
		{"allow with choices", "ask", &app.Answer{Action: "allow", Choices: map[string]string{"B": "reject"}}, map[string]string{"A": "reject", "B": "reject"}, nil},
		{"allow A only, keep", "ask", &app.Answer{Action: "allow", Choices: map[string]string{"A": "accept", "B": "reject"}, Keep: true}, map[string]string{"A": "accept", "B": "reject"}, map[string]string{"A": "accept", "B": "reject"}},
		{"deny rejects all", "ask", &app.Answer{Action: "deny"}, map[string]string{"A": "reject", "B": "reject"}, nil},
		{"cancel rejects all", "ask", &app.Answer{Action: "cancel"}, map[string]string{"A": "reject", "B": "reject"}, nil},
		{"policy allow", "allow", nil, map[string]string{"A": "accept", "B": "accept"}, nil},
		{"policy deny", "deny", nil, map[string]string{"A": "reject", "B": "reject"}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h, b := brokerHost(t)
			if err := b.SetPolicy("requestSubscribeMessage", mustPolicy(t, tt.policy)); err != nil {
				t.Fatal(err)
			}
			call := start(func() (app.Result, error) {
				return h.RequestSubscribeMessage(ctx, testAppID, []string{"A", "B"}, true)
			})
			if tt.answer != nil {
				p := nextPrompt(t, b, 0)
				if p.Kind != app.PromptSubscribe || len(p.Templates) != 2 || p.Templates[0].ID != "A" || p.Templates[0].Title != "A" {
					t.Fatalf("prompt %+v", p)
				}
				for _, bad := range []app.Answer{
					{Action: "allow", Choices: map[string]string{"C": "accept"}},
					{Action: "allow", Choices: map[string]string{"A": "ban"}},
					{Action: "deny", Keep: true},
				} {
					if err := b.Answer(ctx, p.ID, bad); !errors.Is(err, app.ErrInvalid) {
						t.Fatalf("Answer(%+v) = %v, want ErrInvalid", bad, err)
					}
				}
				if err := b.Answer(ctx, p.ID, *tt.answer); err != nil {
					t.Fatal(err)
				}
			}
			c := <-call
			if c.err != nil {
				t.Fatal(c.err)
			}
			got := map[string]string{}
			for _, id := range []string{"A", "B"} {
				got[id], _ = c.r[id].(string)
			}
			if !maps.Equal(got, tt.want) {
				t.Fatalf("result %v, want %v", c.r, tt.want)
			}
			s, _ := h.Settings("alice", testAppID)
			if want := tt.kept; want == nil && len(s.Subscriptions.ItemSettings) != 0 || want != nil && !maps.Equal(s.Subscriptions.ItemSettings, want) {
				t.Fatalf("itemSettings %v, want %v", s.Subscriptions.ItemSettings, want)
			}
		})
	}
}
