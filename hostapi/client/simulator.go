package client

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/minihost/minihost/hostapi/client/apitype"
)

// Screenshot is a PNG of the app's page in the simulator ("" names the
// only open app).
func (c *Client) Screenshot(ctx context.Context, appID string) ([]byte, error) {
	path := "/_minihost/screenshot?" + url.Values{"appid": {appID}}.Encode()
	resp, err := c.get(ctx, path, "image/png")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(io.LimitReader(resp.Body, 256<<20))
}

// Device is the simulator's device and the known ones.
func (c *Client) Device(ctx context.Context) (apitype.DeviceInfo, error) {
	var out apitype.DeviceInfo
	_, err := c.do(ctx, "GET", "/_minihost/device", nil, &out)
	return out, err
}

// SetDevice switches the simulators to a device.
func (c *Client) SetDevice(ctx context.Context, name string) (apitype.DeviceInfo, error) {
	var out apitype.DeviceInfo
	_, err := c.do(ctx, "PUT", "/_minihost/device", map[string]string{"device": name}, &out)
	return out, err
}

// Logs are the kept page messages of appID ("" for all) after seq, oldest first.
func (c *Client) Logs(ctx context.Context, appID string, after uint64) ([]apitype.LogEntry, error) {
	var out struct {
		Logs []apitype.LogEntry `json:"logs"`
	}
	q := url.Values{"appid": {appID}, "after": {strconv.FormatUint(after, 10)}}
	_, err := c.do(ctx, "GET", "/_minihost/logs?"+q.Encode(), nil, &out)
	return out.Logs, err
}

// StreamLogs calls fn for each new page message of appID ("" for all)
// until ctx ends or fn fails.
func (c *Client) StreamLogs(ctx context.Context, appID string, fn func(apitype.LogEntry) error) error {
	resp, err := c.get(ctx, "/_minihost/logs/stream?"+url.Values{"appid": {appID}}.Encode(), "text/event-stream")
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return readEvents(ctx, resp.Body, "log stream", c.where, fn)
}

// get sends an authorised GET and returns a 200 answer's response; other
// statuses become an *Error.
func (c *Client) get(ctx context.Context, path, accept string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", c.base+path, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", accept)
	resp, err := c.hc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("%w: %s does not answer (%v); is it still running?", ErrNotRunning, c.where, err)
	}
	if resp.StatusCode != http.StatusOK {
		defer resp.Body.Close()
		raw, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		var e struct {
			Error string `json:"error"`
		}
		if json.Unmarshal(raw, &e) != nil || e.Error == "" {
			e.Error = strings.TrimSpace(string(raw))
		}
		return nil, &Error{Method: "GET", Path: path, Status: resp.StatusCode, Message: e.Error}
	}
	return resp, nil
}
