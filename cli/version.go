package cli

import (
	"context"
	"fmt"
)

// runVersion is `minihost version`.
func runVersion(_ context.Context, _ []string, o Options) error {
	fmt.Fprintln(o.Stdout, "minihost", o.Version)
	return nil
}
