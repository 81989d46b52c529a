package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The static baseline is served as minihost serves an app's shell page:
// revalidated on every load, answered 304 when unchanged.
func TestServeStaticRevalidates(t *testing.T) {
	file := filepath.Join(t.TempDir(), "page.html")
	if err := os.WriteFile(file, []byte(`<div id="bench-end">end</div>`), 0o600); err != nil {
		t.Fatal(err)
	}
	base, stop, err := serveStatic(file)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	res, err := http.Get(base + "/static-bench.html")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Cache-Control") != "no-cache" || res.Header.Get("Last-Modified") == "" {
		t.Fatalf("GET: %d, Cache-Control %q, Last-Modified %q; want 200, no-cache and a validator",
			res.StatusCode, res.Header.Get("Cache-Control"), res.Header.Get("Last-Modified"))
	}
	req, _ := http.NewRequest("GET", base+"/static-bench.html", nil)
	req.Header.Set("If-Modified-Since", res.Header.Get("Last-Modified"))
	again, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	again.Body.Close()
	if again.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation: %d, want 304", again.StatusCode)
	}
}

func TestDownloadRows(t *testing.T) {
	rows, note := downloadRows()
	if len(rows) != 2 || strings.Contains(rows[0].name, "skipped") {
		t.Fatalf("rows %+v", rows)
	}
	for _, name := range []string{"runtime.js", "runtime.css", "template_compiler.wasm"} {
		if !strings.Contains(note, name) {
			t.Errorf("note %q does not name %s", note, name)
		}
	}
}

func TestMedian(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		var d []time.Duration
		for _, x := range v {
			d = append(d, time.Duration(x)*time.Millisecond)
		}
		return d
	}
	for _, c := range []struct {
		in   []time.Duration
		want time.Duration
	}{
		{nil, 0},
		{ms(5), 5 * time.Millisecond},
		{ms(9, 1, 5), 5 * time.Millisecond},
		{ms(4, 1, 3, 2), 3 * time.Millisecond},
	} {
		in := append([]time.Duration(nil), c.in...)
		if got := median(c.in); got != c.want {
			t.Errorf("median(%v) = %v, want %v", c.in, got, c.want)
		}
		for i := range in {
			if in[i] != c.in[i] {
				t.Errorf("median reordered its input: %v", c.in)
			}
		}
	}
}
