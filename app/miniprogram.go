package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"strings"
	"time"
)

// MiniProgram is a loaded mini program directory.
type MiniProgram struct {
	AppID      string
	Name       string
	Pages      []string          // app.json pages, e.g. "pages/index/index"
	Permission map[string]string // scope -> desc, from app.json permission
	EnvVersion string            // develop, trial, release
	Version    string            // online version number; returned only for release
	Plugin     *Plugin
	// UserInfoPolicy is "full" or "anonymous" (see the spec's user-info policy).
	UserInfoPolicy string
	// LoginExpiry is how long a session may stay idle before checkSession
	// fails; 0 means the host's default.
	LoginExpiry time.Duration
	Icon        []byte // PNG, when minihost.json names one
	Files       fs.FS  // the directory's files, served to the browser
}

// Plugin is the plugin account info of getAccountInfoSync.
type Plugin struct {
	AppID   string `json:"appId"`
	Version string `json:"version"`
}

// AppInfo is what a prompt shows about the calling app.
type AppInfo struct {
	AppID string
	Name  string
	Icon  []byte
}

// Info returns the prompt-facing description of mp.
func (mp *MiniProgram) Info() AppInfo { return AppInfo{AppID: mp.AppID, Name: mp.Name, Icon: mp.Icon} }

// FieldError says which file and field of a mini program directory is wrong.
type FieldError struct {
	File  string
	Field string
	Err   error
}

func (e *FieldError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("%s: %v", e.File, e.Err)
	}
	return fmt.Sprintf("%s: field %q: %v", e.File, e.Field, e.Err)
}

func (e *FieldError) Unwrap() error { return e.Err }

var (
	appIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	errMissing   = errors.New("missing")
)

const maxConfigSize = 1 << 20

// LoadMiniProgram reads project.config.json, app.json and the optional
// minihost.json from fsys. Every error names the file and, when it applies,
// the field.
func LoadMiniProgram(fsys fs.FS) (*MiniProgram, error) {
	var project struct {
		AppID       *string `json:"appid"`
		ProjectName string  `json:"projectname"`
	}
	if err := readJSON(fsys, "project.config.json", true, &project); err != nil {
		return nil, err
	}
	mp := &MiniProgram{Files: fsys, EnvVersion: "develop", UserInfoPolicy: "full", Permission: map[string]string{}}
	switch {
	case project.AppID == nil:
		return nil, &FieldError{"project.config.json", "appid", errMissing}
	case !appIDPattern.MatchString(*project.AppID):
		return nil, &FieldError{"project.config.json", "appid", fmt.Errorf("%q is not a valid appid (letters, digits, '_' or '-', at most 64)", *project.AppID)}
	}
	mp.AppID = *project.AppID
	mp.Name = project.ProjectName
	if mp.Name == "" {
		mp.Name = mp.AppID
	}

	var appJSON struct {
		Pages      []string `json:"pages"`
		Permission map[string]struct {
			Desc string `json:"desc"`
		} `json:"permission"`
	}
	if err := readJSON(fsys, "app.json", true, &appJSON); err != nil {
		return nil, err
	}
	if len(appJSON.Pages) == 0 {
		return nil, &FieldError{"app.json", "pages", errors.New("must list at least one page")}
	}
	for i, p := range appJSON.Pages {
		if p == "" || strings.HasPrefix(p, "/") || strings.Contains(p, "..") {
			return nil, &FieldError{"app.json", fmt.Sprintf("pages[%d]", i), fmt.Errorf("%q is not a relative page path", p)}
		}
	}
	mp.Pages = appJSON.Pages
	for scope, perm := range appJSON.Permission {
		if !KnownScope(scope) {
			return nil, &FieldError{"app.json", "permission." + scope, errors.New("unknown scope")}
		}
		if n := len([]rune(perm.Desc)); n > 30 {
			return nil, &FieldError{"app.json", "permission." + scope + ".desc", fmt.Errorf("%d characters, at most 30", n)}
		}
		mp.Permission[scope] = perm.Desc
	}

	var host struct {
		EnvVersion     *string `json:"envVersion"`
		Version        string  `json:"version"`
		Plugin         *Plugin `json:"plugin"`
		UserInfoPolicy *string `json:"userInfoPolicy"`
		LoginExpiry    *string `json:"loginExpiry"`
		Icon           string  `json:"icon"`
	}
	if err := readJSON(fsys, "minihost.json", false, &host); err != nil {
		return nil, err
	}
	if host.EnvVersion != nil {
		if err := ValidEnvVersion(*host.EnvVersion); err != nil {
			return nil, &FieldError{"minihost.json", "envVersion", err}
		}
		mp.EnvVersion = *host.EnvVersion
	}
	mp.Version = host.Version
	if host.Plugin != nil {
		if host.Plugin.AppID == "" {
			return nil, &FieldError{"minihost.json", "plugin.appId", errMissing}
		}
		mp.Plugin = host.Plugin
	}
	if host.UserInfoPolicy != nil {
		if err := ValidUserInfoPolicy(*host.UserInfoPolicy); err != nil {
			return nil, &FieldError{"minihost.json", "userInfoPolicy", err}
		}
		mp.UserInfoPolicy = *host.UserInfoPolicy
	}
	if host.LoginExpiry != nil {
		d, err := time.ParseDuration(*host.LoginExpiry)
		if err != nil || d < time.Second {
			return nil, &FieldError{"minihost.json", "loginExpiry", fmt.Errorf("%q is not a duration of at least 1s (e.g. \"30m\", \"72h\")", *host.LoginExpiry)}
		}
		mp.LoginExpiry = d
	}
	if host.Icon != "" {
		icon, err := fs.ReadFile(fsys, host.Icon)
		if err != nil {
			return nil, &FieldError{"minihost.json", "icon", err}
		}
		mp.Icon = icon
	}
	return mp, nil
}

// ValidEnvVersion checks an envVersion value.
func ValidEnvVersion(v string) error {
	switch v {
	case "develop", "trial", "release":
		return nil
	}
	return fmt.Errorf("%q: want develop, trial or release", v)
}

// ValidUserInfoPolicy checks a userInfoPolicy value.
func ValidUserInfoPolicy(v string) error {
	switch v {
	case "full", "anonymous":
		return nil
	}
	return fmt.Errorf("%q: want full or anonymous", v)
}

func readJSON(fsys fs.FS, name string, required bool, v any) error {
	f, err := fsys.Open(name)
	if errors.Is(err, fs.ErrNotExist) && !required {
		return nil
	}
	if err != nil {
		return &FieldError{File: name, Err: err}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxConfigSize+1))
	if err != nil {
		return &FieldError{File: name, Err: err}
	}
	if len(data) > maxConfigSize {
		return &FieldError{File: name, Err: fmt.Errorf("larger than %d bytes", maxConfigSize)}
	}
	if err := json.Unmarshal(data, v); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) && typeErr.Field != "" {
			return &FieldError{File: name, Field: typeErr.Field, Err: fmt.Errorf("want %s, got JSON %s", typeErr.Type, typeErr.Value)}
		}
		return &FieldError{File: name, Err: fmt.Errorf("malformed JSON: %w", err)}
	}
	return nil
}
