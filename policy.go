package main

import (
	"fmt"

	"github.com/minihost/minihost/app"
)

// promptPolicy resolves --prompt-policy: empty means allow when headless (CI
// must not hang on a prompt) and ask when a window shows prompts.
func promptPolicy(flagValue string, window bool) (app.Policy, error) {
	if flagValue == "" {
		flagValue = string(app.PolicyAllow)
		if window {
			flagValue = string(app.PolicyAsk)
		}
	}
	p, err := app.ParsePromptPolicy(flagValue)
	if err != nil {
		return app.Policy{}, fmt.Errorf("--prompt-policy: %w", err)
	}
	return p, nil
}
