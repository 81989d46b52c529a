package ui

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/minihost/minihost/app"
)

func TestConsoleTabShowsMessagesOldestFirst(t *testing.T) {
	tw := newTestWindow(t)
	tw.th.run(func() {
		if !containsText(tw.mw.console.content, "Nothing printed yet") {
			t.Errorf("no empty state: %q", texts(tw.mw.console.content))
		}
	})
	tw.pageLog.Add(app.PageMessage{AppID: demoID, Level: "info", Source: "console", Message: "first log", File: "pages/index/index.js", Line: 4})
	tw.pageLog.Add(app.PageMessage{AppID: demoID, Level: "error", Message: "x is not defined", File: "app.js", Line: 2})
	tw.pageLog.Add(app.PageMessage{AppID: "wxsomeoneelse0000", Level: "info", Source: "console", Message: "not this app's"})
	eventually(t, tw.th, "the messages in the Console tab", func() bool {
		return hasText(tw.mw.console.content, "x is not defined")
	})
	tw.th.run(func() {
		all := texts(tw.mw.console.content)
		iLog := slices.IndexFunc(all, func(s string) bool { return strings.HasSuffix(s, "info  pages/index/index.js:4") })
		iErr := slices.IndexFunc(all, func(s string) bool { return strings.HasSuffix(s, "error  app.js:2") })
		if iLog < 0 || iErr < 0 || iLog > iErr {
			t.Errorf("want the log (older) above the error, with file:line; got %q", all)
		}
		if containsText(tw.mw.console.content, "not this app's") {
			t.Errorf("another app's message shown: %q", all)
		}
		if containsText(tw.mw.pages, "first log") {
			t.Errorf("console.log shown in the Pages tab, which is for errors and warnings: %q", texts(tw.mw.pages))
		}
		if !containsText(tw.mw.console.content, "No simulator") {
			t.Errorf("without a simulator the tab should say so: %q", all)
		}
	})
}

type fakeSimulator struct {
	mu      sync.Mutex
	device  string
	shown   []string
	devtool []string
	opened  []string // appID + " " + url
}

func (f *fakeSimulator) OpenPage(_ context.Context, appID, url string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.opened = append(f.opened, appID+" "+url)
	return nil
}

func (f *fakeSimulator) openedPages() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.opened)
}

func (f *fakeSimulator) Device() (string, []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.device, []string{"iPhone 15", "Pixel 7"}
}

func (f *fakeSimulator) SetDevice(_ context.Context, name string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.device = name
	return name, nil
}

func (f *fakeSimulator) Show(_ context.Context, appID string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.shown = append(f.shown, appID)
	return nil
}

func (f *fakeSimulator) DevTools(_ context.Context, appID string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.devtool = append(f.devtool, appID)
	return nil
}

func TestConsoleTabDrivesTheSimulator(t *testing.T) {
	tw := newTestWindow(t)
	sim := &fakeSimulator{device: "iPhone 15"}
	var c *consoleTab
	tw.th.run(func() {
		tw.mw.info.Simulator = sim
		c = newConsoleTab(tw.mw)
		if c.device.Selected != "iPhone 15" {
			t.Errorf("device select shows %q", c.device.Selected)
		}
		c.device.SetSelected("Pixel 7")
		test.Tap(button(t, c.content, "Show simulator"))
		test.Tap(button(t, c.content, "Developer tools"))
	})
	eventually(t, tw.th, "the simulator driven", func() bool {
		sim.mu.Lock()
		defer sim.mu.Unlock()
		return sim.device == "Pixel 7" && slices.Equal(sim.shown, []string{demoID}) && slices.Equal(sim.devtool, []string{demoID})
	})
}

// TestMessageOpensInTheSimulator: a message's page opens in the app's
// simulator, launched with scene 1014 as a tapped service message.
func TestMessageOpensInTheSimulator(t *testing.T) {
	tw := newTestWindow(t)
	sim := &fakeSimulator{device: "iPhone 15"}
	tw.th.run(func() {
		tw.mw.info.Simulator = sim
		tw.mw.messages.open(app.Message{AppID: demoID, Page: "pages/index/index?order=7"})
	})
	want := demoID + " " + app.PageURL(app.OriginURL("http://127.0.0.1:7878", demoID), "pages/index/index?order=7", 1014)
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end) && len(sim.openedPages()) == 0; time.Sleep(10 * time.Millisecond) {
	}
	if got := sim.openedPages(); !slices.Equal(got, []string{want}) {
		t.Fatalf("the simulator opened %q, want %q", got, want)
	}
}
