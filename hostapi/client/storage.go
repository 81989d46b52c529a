package client

import (
	"context"
	"encoding/json"

	"github.com/minihost/minihost/hostapi/client/apitype"
)

// ---- storage (wx.setStorage's) and persona locations ----

// Storage lists persona's ("" = current) storage in the app.
func (c *Client) Storage(ctx context.Context, appID, persona string) (apitype.Storage, error) {
	var out apitype.Storage
	_, err := c.do(ctx, "GET", "/_minihost/storage/"+seg(appID)+personaQuery(persona), nil, &out)
	return out, err
}

// StorageGet returns one key.
func (c *Client) StorageGet(ctx context.Context, appID, persona, key string) (apitype.StorageItem, error) {
	var out apitype.StorageItem
	_, err := c.do(ctx, "GET", "/_minihost/storage/"+seg(appID)+"/"+seg(key)+personaQuery(persona), nil, &out)
	return out, err
}

// StorageSet stores one key; data is JSON.
func (c *Client) StorageSet(ctx context.Context, appID, persona, key string, data json.RawMessage) error {
	_, err := c.do(ctx, "PUT", "/_minihost/storage/"+seg(appID)+"/"+seg(key)+personaQuery(persona), map[string]any{"data": data}, nil)
	return err
}

// StorageRemove deletes one key.
func (c *Client) StorageRemove(ctx context.Context, appID, persona, key string) error {
	_, err := c.do(ctx, "DELETE", "/_minihost/storage/"+seg(appID)+"/"+seg(key)+personaQuery(persona), nil, nil)
	return err
}

// StorageClear deletes every key.
func (c *Client) StorageClear(ctx context.Context, appID, persona string) error {
	_, err := c.do(ctx, "DELETE", "/_minihost/storage/"+seg(appID)+personaQuery(persona), nil, nil)
	return err
}

// Location returns where a persona is (wx.getLocation's answer).
func (c *Client) Location(ctx context.Context, persona string) (apitype.Location, error) {
	var out apitype.Location
	_, err := c.do(ctx, "GET", "/_minihost/personas/"+seg(persona)+"/location", nil, &out)
	return out, err
}

// SetLocation moves a persona.
func (c *Client) SetLocation(ctx context.Context, persona string, l apitype.Location) error {
	_, err := c.do(ctx, "PUT", "/_minihost/personas/"+seg(persona)+"/location", l, nil)
	return err
}
