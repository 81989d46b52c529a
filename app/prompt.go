package app

import (
	"context"
	"time"
)

// PolicyPrompter answers every prompt by a fixed policy, for headless runs:
// allow grants authorize, getUserProfile, getPhoneNumber and
// every subscription template and makes a simulated finger
// match; deny refuses them and cancels the SOTER prompt (90008).
type PolicyPrompter struct {
	Allow bool
}

func (p PolicyPrompter) Authorize(ctx context.Context, req AuthorizeRequest) (bool, error) {
	return p.Allow, ctx.Err()
}

func (p PolicyPrompter) UserProfile(ctx context.Context, req ProfileRequest) (bool, error) {
	return p.Allow, ctx.Err()
}

func (p PolicyPrompter) PhoneNumber(ctx context.Context, req PhoneRequest) (bool, error) {
	return p.Allow, ctx.Err()
}

// Subscribe accepts (allow) or rejects (deny) every template.
func (p PolicyPrompter) Subscribe(ctx context.Context, req SubscribeRequest) (SubscribeAnswer, error) {
	return subscribeAll(req.Templates, p.Allow), ctx.Err()
}

func subscribeAll(ts []SubscribeTemplate, accept bool) SubscribeAnswer {
	a := SubscribeAnswer{Choices: map[string]string{}}
	for _, t := range ts {
		a.Choices[t.ID] = SubReject
		if accept {
			a.Choices[t.ID] = SubAccept
		}
	}
	return a
}

// Settings closes the page unchanged: a policy has no switches to flip.
func (p PolicyPrompter) Settings(ctx context.Context, req SettingsRequest) (Settings, error) {
	return req.Current, ctx.Err()
}

// Soter matches a simulated finger (allow) or cancels (deny). With a real
// biometric backend, allow just waits for the real finger.
func (p PolicyPrompter) Soter(ctx context.Context, req SoterPrompt) error {
	if !p.Allow {
		return ErrCancelled
	}
	if req.Simulate != nil {
		// The simulated reader starts waiting just after the prompt opens.
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for !req.Simulate(true) {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-t.C:
			}
		}
	}
	<-ctx.Done()
	return ctx.Err()
}
