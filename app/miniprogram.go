package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
)

// PageKind says how a mini program's pages are written.
type PageKind string

const (
	// KindWXML pages are pages/x/x.wxml + x.js (+ .wxss, .json), run by the
	// WXML runtime in the browser.
	KindWXML PageKind = "wxml"
	// KindHTML pages are pages/x/x.html, served as written.
	KindHTML PageKind = "html"
)

// MiniProgram is a loaded mini program project.
type MiniProgram struct {
	AppID string
	Name  string
	Kind  PageKind
	// Pages is every page: app.json pages, then each subpackage's pages as
	// "<root>/<page>". Pages[0] is the first page of app.json.
	Pages         []string
	EntryPagePath string   // app.json entryPagePath when it names a page, else Pages[0]
	TabBarPages   []string // app.json tabBar.list pagePaths, in order
	ThemeLocation string   // app.json themeLocation, relative to Files; "" without one
	// Setting is project.config.json's setting, with project.private.config.json's merged in.
	Setting map[string]any
	// Warnings are what the project does that minihost tolerates, as real
	// hosts do; they are shown, never a reason to refuse.
	Warnings   []Warning
	Dir        string            // the project folder's absolute path; "" for an embedded project
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
	// SubscribeTemplates are minihost.json subscribeTemplates by id; with
	// none, any template id is accepted and titled by its id.
	SubscribeTemplates map[string]SubscribeTemplate
	// Domains are minihost.json's requestDomains, uploadDomains,
	// downloadDomains and socketDomains (netcheck.go), the admin console's lists.
	Domains NetDomains
	Files   fs.FS // the mini program folder (the one holding app.json), served to the browser
}

// Warning is one tolerated problem of a project file.
type Warning struct {
	File    string `json:"file"`
	Message string `json:"message"`
}

func (w Warning) String() string { return w.File + ": " + w.Message }

// URLCheck reports the project's setting.urlCheck (the IDE's default: on).
func (mp *MiniProgram) URLCheck() bool {
	v, ok := mp.Setting["urlCheck"].(bool)
	return v || !ok
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

// FieldError says which file and field of a mini program project is wrong.
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

// Limits on what the loader reads: project files are untrusted.
const (
	MaxConfigSize = 1 << 20 // a JSON config file
	MaxIconSize   = 1 << 20
	maxPages      = 2000
	// LoadTimeout bounds loading one project, so a slow or stuck disk
	// cannot hang startup or the control API.
	LoadTimeout = 10 * time.Second
)

// touristAppID is the IDE's appid for projects without one.
const touristAppID = "touristappid"

// LoadMiniProgram loads a project that has no folder on disk (the embedded
// demo, tests); it must name its appid. See LoadProject.
func LoadMiniProgram(fsys fs.FS) (*MiniProgram, error) {
	return LoadProject(context.Background(), fsys, "")
}

// LoadProject loads a mini program project from fsys, as the IDE does: fsys
// is either a project root whose project.config.json names miniprogramRoot,
// or the mini program folder itself (holding app.json). dir is the folder's
// absolute path, from which a project without an appid gets a stable test
// appid; with dir "" an appid is required.
//
// Every error is a *FieldError naming the file (and field), except when
// loading gives up: after LoadTimeout, or when ctx ends.
func LoadProject(ctx context.Context, fsys fs.FS, dir string) (*MiniProgram, error) {
	ctx, cancel := context.WithTimeout(ctx, LoadTimeout)
	defer cancel()
	type result struct {
		mp  *MiniProgram
		err error
	}
	done := make(chan result, 1)
	go func() {
		mp, err := loadProject(ctx, fsys, dir)
		done <- result{mp, err}
	}()
	select {
	case r := <-done:
		return r.mp, r.err
	case <-ctx.Done():
		// Every file is checked to be a regular file before it is opened,
		// so only a disk that does not answer gets here; its read is left
		// behind rather than holding up the caller.
		return nil, fmt.Errorf("loading the project did not finish: %w", context.Cause(ctx))
	}
}

// loader holds what one load reads from.
type loader struct {
	ctx  context.Context
	root fs.FS // the project root (project.config.json, minihost.json)
	mini fs.FS // the mini program folder (app.json, pages)
	// miniDir is the mini program folder's path in the project ("." when
	// they are one)
	miniDir string
	mp      *MiniProgram
}

// npmSource is the folder whose package.json and node_modules the mini
// program's npm packages come from: the one project.config.json's
// setting.packNpmRelationList builds into the mini program folder (the IDE's
// "build npm" for a package.json outside it, as vant's quick start sets up),
// else the mini program folder itself.
func (l *loader) npmSource() fs.FS {
	raw, err := json.Marshal(l.mp.Setting["packNpmRelationList"])
	if err != nil {
		return l.mini
	}
	var rels []struct {
		PackageJSONPath       string `json:"packageJsonPath"`
		MiniprogramNpmDistDir string `json:"miniprogramNpmDistDir"`
	}
	if json.Unmarshal(raw, &rels) != nil {
		return l.mini
	}
	clean := func(p string) string { return path.Clean(strings.TrimPrefix(strings.TrimSuffix(p, "/"), "./")) }
	for _, r := range rels {
		dir := path.Dir(clean(r.PackageJSONPath))
		if clean(r.MiniprogramNpmDistDir) != l.miniDir || !fs.ValidPath(dir) {
			continue
		}
		if dir == "." {
			return l.root
		}
		return subFS{l.root, dir}
	}
	return l.mini
}

func (l *loader) warn(file, format string, args ...any) {
	l.mp.Warnings = append(l.mp.Warnings, Warning{File: file, Message: fmt.Sprintf(format, args...)})
}

func loadProject(ctx context.Context, fsys fs.FS, dir string) (*MiniProgram, error) {
	l := &loader{ctx: ctx, root: fsys, mini: fsys, miniDir: "."}
	l.mp = &MiniProgram{Dir: dir, EnvVersion: "develop", UserInfoPolicy: "full", Permission: map[string]string{}}
	project, err := l.readProjectConfig()
	if err != nil {
		return nil, err
	}
	if err := l.setAppID(project); err != nil {
		return nil, err
	}
	files, shown, missing := withNpm(l.mini, l.npmSource())
	l.mp.Files = files
	if len(shown) > 0 {
		l.warn("package.json", "no miniprogram_npm/: %s read from node_modules, as the IDE's Build npm step would copy them", strings.Join(shown, ", "))
	}
	if len(missing) > 0 {
		l.warn("package.json", "dependencies minihost cannot show in miniprogram_npm/ (not installed in node_modules, or with no mini program folder and no index.js, which the IDE's Build npm bundles): %s", strings.Join(missing, ", "))
	}
	if err := l.readAppJSON(); err != nil {
		return nil, err
	}
	if err := l.readMinihostJSON(); err != nil {
		return nil, err
	}
	return l.mp, nil
}

// projectConfig is what minihost uses of project.config.json.
type projectConfig struct {
	AppID           *string        `json:"appid"`
	ProjectName     string         `json:"projectname"`
	MiniprogramRoot string         `json:"miniprogramRoot"`
	Setting         map[string]any `json:"setting"`
}

// readProjectConfig reads project.config.json (optional when the folder
// holds app.json) with project.private.config.json's keys over it, and
// finds the mini program folder.
func (l *loader) readProjectConfig() (projectConfig, error) {
	var pc projectConfig
	merged, err := l.readObject(l.root, "project.config.json")
	if err != nil {
		return pc, err
	}
	private, err := l.readObject(l.root, "project.private.config.json")
	if err != nil {
		return pc, err
	}
	// As the IDE: private keys win, and setting is merged one level deeper.
	for k, v := range private {
		if k == "setting" && merged[k] != nil {
			var base, over map[string]json.RawMessage
			if json.Unmarshal(merged[k], &base) == nil && json.Unmarshal(v, &over) == nil && base != nil {
				for sk, sv := range over {
					base[sk] = sv
				}
				v, _ = json.Marshal(base)
			}
		}
		if merged == nil {
			merged = map[string]json.RawMessage{}
		}
		merged[k] = v
	}
	file := "project.config.json"
	if len(private) > 0 {
		file = "project.config.json (with project.private.config.json)"
	}
	if merged != nil {
		b, _ := json.Marshal(merged)
		if err := decodeJSON(file, b, &pc); err != nil {
			return pc, err
		}
	}
	l.mp.Setting = pc.Setting
	if pc.MiniprogramRoot != "" {
		root := path.Clean(strings.TrimPrefix(strings.TrimSuffix(pc.MiniprogramRoot, "/"), "./"))
		if !fs.ValidPath(root) {
			return pc, &FieldError{file, "miniprogramRoot", fmt.Errorf("%q is not a folder inside the project", pc.MiniprogramRoot)}
		}
		if root != "." {
			l.mini = subFS{l.root, root}
			l.miniDir = root
		}
	}
	return pc, nil
}

// setAppID takes the project's appid, or derives a test one from dir.
func (l *loader) setAppID(pc projectConfig) error {
	const file = "project.config.json"
	id := ""
	if pc.AppID != nil {
		id = strings.TrimSpace(*pc.AppID)
	}
	switch {
	case id != "" && id != touristAppID:
		if !appIDPattern.MatchString(id) {
			return &FieldError{file, "appid", fmt.Errorf("%q is not a valid appid (letters, digits, '_' or '-', at most 64)", id)}
		}
		l.mp.AppID = id
	case l.mp.Dir == "":
		return &FieldError{file, "appid", fmt.Errorf("%w (only a project loaded from a folder gets a test appid)", errMissing)}
	default:
		l.mp.AppID = TestAppID(l.mp.Dir)
		why := "no appid"
		if id != "" {
			why = fmt.Sprintf("appid %q is the IDE's tourist appid", id)
		}
		l.warn(file, "%s; using the test appid %s, derived from the folder %s", why, l.mp.AppID, l.mp.Dir)
	}
	l.mp.Name = pc.ProjectName
	if l.mp.Name == "" && l.mp.Dir != "" {
		l.mp.Name = filepath.Base(l.mp.Dir)
	}
	if l.mp.Name == "" {
		l.mp.Name = l.mp.AppID
	}
	return nil
}

// TestAppID is the stable appid of a project folder that names none: the
// same folder gets the same appid, so its state survives restarts.
func TestAppID(dir string) string {
	sum := sha256.Sum256([]byte("minihost test appid\x00" + dir))
	return "wx" + hex.EncodeToString(sum[:8])
}

// appJSON is what minihost uses of app.json.
type appJSON struct {
	Pages         []string     `json:"pages"`
	EntryPagePath string       `json:"entryPagePath"`
	Subpackages   []subpackage `json:"subpackages"`
	SubPackages   []subpackage `json:"subPackages"`
	TabBar        *struct {
		List []struct {
			PagePath string `json:"pagePath"`
		} `json:"list"`
	} `json:"tabBar"`
	Permission map[string]struct {
		Desc string `json:"desc"`
	} `json:"permission"`
	ThemeLocation string          `json:"themeLocation"`
	Darkmode      bool            `json:"darkmode"`
	PreloadRule   json.RawMessage `json:"preloadRule"` // checked by checkPreloadRule, which warns instead of refusing
}

type subpackage struct {
	Root  string   `json:"root"`
	Name  string   `json:"name"`
	Pages []string `json:"pages"`
}

// appJSONKeys are app.json's documented keys; the value is why minihost
// ignores one ("" when it is used or harmless).
var appJSONKeys = map[string]string{
	"entryPagePath": "", "pages": "", "window": "", "tabBar": "", "networkTimeout": "", "debug": "",
	"subpackages": "", "subPackages": "", "usingComponents": "", "permission": "", "style": "",
	"darkmode": "", "themeLocation": "", "componentFramework": "", "renderer": "", "rendererOptions": "",
	"resizable": "", "requiredPrivateInfos": "", "enablePassiveEvent": "", "resolveAlias": "",
	"componentPlaceholder": "", "singlePage": "", "navigateToMiniProgramAppIdList": "",
	"embeddedAppIdList": "", "halfPage": "", "debugOptions": "", "entranceDeclare": "",
	"supportedMaterials": "", "serviceProviderTicket": "", "static": "", "convertRpxToVw": "",
	"appBar": "", "miniApp": "", "chatTools": "", "requiredBackgroundModes": "", "workers": "",
	"lazyCodeLoading": "", "preloadRule": "",
	"sitemapLocation": "sitemap.json is for search indexing; minihost ignores it",
	"plugins":         "plugins are not supported; requirePlugin will fail",
	"functionalPages": "functional pages are not supported",
	"useExtendedLib":  "extended libraries (weui) are not supported",
}

func (l *loader) readAppJSON() error {
	const file = "app.json"
	data, err := l.readFile(l.mini, file, MaxConfigSize)
	if errors.Is(err, fs.ErrNotExist) {
		return &FieldError{File: file, Err: errors.New("missing: the folder holds neither app.json nor a project.config.json whose miniprogramRoot names the folder that does")}
	}
	if err != nil {
		return &FieldError{File: file, Err: err}
	}
	var keys map[string]json.RawMessage
	if err := decodeJSON(file, data, &keys); err != nil {
		return err
	}
	if keys == nil {
		return &FieldError{File: file, Err: errors.New("want a JSON object, got null")}
	}
	var a appJSON
	if err := decodeJSON(file, data, &a); err != nil {
		return err
	}
	for _, k := range sortedKeys(keys) {
		why, known := appJSONKeys[k]
		switch {
		case !known:
			l.warn(file, "unknown key %q (ignored)", k)
		case why != "":
			l.warn(file, "%s: %s", k, why)
		}
	}
	if err := l.readPages(a); err != nil {
		return err
	}

	l.mp.EntryPagePath = l.mp.Pages[0]
	if a.EntryPagePath != "" {
		if slices.Contains(l.mp.Pages, strings.TrimPrefix(a.EntryPagePath, "/")) {
			l.mp.EntryPagePath = strings.TrimPrefix(a.EntryPagePath, "/")
		} else {
			l.warn(file, "entryPagePath %q is not a page of the app; starting at %s", a.EntryPagePath, l.mp.Pages[0])
		}
	}
	if a.TabBar != nil {
		for i, item := range a.TabBar.List {
			p := strings.TrimPrefix(item.PagePath, "/")
			if !slices.Contains(a.Pages, p) {
				l.warn(file, "tabBar.list[%d].pagePath %q is not in pages", i, item.PagePath)
			}
			l.mp.TabBarPages = append(l.mp.TabBarPages, p)
		}
	}
	l.checkPreloadRule(a)
	if a.ThemeLocation != "" {
		l.readTheme(a.ThemeLocation)
	} else if a.Darkmode {
		l.warn(file, "darkmode is true but no themeLocation names the theme variables")
	}
	for _, scope := range sortedKeys(a.Permission) {
		desc := a.Permission[scope].Desc
		if !KnownScope(scope) {
			l.warn(file, "permission.%s: unknown scope (ignored)", scope)
			continue
		}
		// Real hosts show longer descs (official demos have 66 characters).
		if n := len([]rune(desc)); n > 30 {
			l.warn(file, "permission.%s.desc: %d characters, at most 30", scope, n)
		}
		l.mp.Permission[scope] = desc
	}
	return nil
}

// readPages checks that every page, subpackages' included, has its files,
// and decides the app's kind.
func (l *loader) readPages(a appJSON) error {
	const file = "app.json"
	if len(a.Pages) == 0 {
		return &FieldError{file, "pages", errors.New("must list at least one page")}
	}
	type page struct{ path, field string }
	var pages []page
	add := func(field, p string) error {
		if p == "" || !fs.ValidPath(p) {
			return &FieldError{file, field, fmt.Errorf("%q is not a relative page path", p)}
		}
		pages = append(pages, page{p, field})
		return nil
	}
	for i, p := range a.Pages {
		if err := add(fmt.Sprintf("pages[%d]", i), p); err != nil {
			return err
		}
	}
	for _, subs := range []struct {
		key  string
		list []subpackage
	}{{"subpackages", a.Subpackages}, {"subPackages", a.SubPackages}} {
		for i, s := range subs.list {
			root := strings.Trim(s.Root, "/")
			if root == "" || !fs.ValidPath(root) {
				return &FieldError{file, fmt.Sprintf("%s[%d].root", subs.key, i), fmt.Errorf("%q is not a folder of the app", s.Root)}
			}
			for j, p := range s.Pages {
				if err := add(fmt.Sprintf("%s[%d].pages[%d]", subs.key, i, j), root+"/"+p); err != nil {
					return err
				}
			}
		}
	}
	if len(pages) > maxPages {
		return &FieldError{file, "pages", fmt.Errorf("%d pages, at most %d", len(pages), maxPages)}
	}

	// A WXML page has .wxml and .js (or .ts, which the IDE compiles and so
	// does the runtime's server); an HTML page (minihost's own kind) has
	// .html. The app is a WXML app when any page is a WXML page.
	wxml := make([]bool, len(pages))
	html := make([]bool, len(pages))
	for i, p := range pages {
		if err := l.ctx.Err(); err != nil {
			return &FieldError{File: file, Err: err}
		}
		wxml[i] = l.isFile(p.path+".wxml") && (l.isFile(p.path+".js") || l.isFile(p.path+".ts"))
		html[i] = l.isFile(p.path + ".html")
	}
	l.mp.Kind = KindHTML
	if slices.Contains(wxml, true) {
		l.mp.Kind = KindWXML
	}
	for i, p := range pages {
		switch {
		case l.mp.Kind == KindWXML && !wxml[i]:
			return &FieldError{file, p.field, fmt.Errorf("page %s: %s.wxml and %s.js (or .ts) must both be regular files", p.path, p.path, p.path)}
		case l.mp.Kind == KindHTML && !html[i]:
			return &FieldError{file, p.field, fmt.Errorf("page %s: neither %s.wxml + .js nor %s.html exists", p.path, p.path, p.path)}
		}
		if slices.Contains(l.mp.Pages, p.path) {
			l.warn(file, "%s: page %s is listed twice", p.field, p.path)
			continue
		}
		l.mp.Pages = append(l.mp.Pages, p.path)
	}
	return nil
}

// checkPreloadRule warns about what of app.json's preloadRule the runtime
// cannot follow (it preloads the packages a rule names once its page opens,
// on the phone's terms: network "wifi", the default, or "all"): a rule that
// is not {"network", "packages"}, a key that is no page, another network, a
// package that is neither a subpackage's root or name nor "__APP__" (the
// main package). Real hosts load such a project, so none is an error.
func (l *loader) checkPreloadRule(a appJSON) {
	const file = "app.json"
	if len(a.PreloadRule) == 0 || string(a.PreloadRule) == "null" {
		return
	}
	var rules map[string]json.RawMessage
	if err := json.Unmarshal(a.PreloadRule, &rules); err != nil {
		l.warn(file, "preloadRule: want an object of page paths (ignored): %v", err)
		return
	}
	known := map[string]bool{"__APP__": true}
	for _, s := range slices.Concat(a.Subpackages, a.SubPackages) {
		known[strings.Trim(s.Root, "/")] = true
		if s.Name != "" {
			known[s.Name] = true
		}
	}
	for _, page := range sortedKeys(rules) {
		var rule struct {
			Network  string   `json:"network"`
			Packages []string `json:"packages"`
		}
		if err := json.Unmarshal(rules[page], &rule); err != nil {
			l.warn(file, "preloadRule[%q]: want {\"network\": \"wifi\" or \"all\", \"packages\": [names]} (ignored): %v", page, err)
			continue
		}
		if !slices.Contains(l.mp.Pages, strings.TrimPrefix(page, "/")) {
			l.warn(file, "preloadRule[%q]: not a page of the app (ignored)", page)
		}
		if rule.Network != "" && rule.Network != "wifi" && rule.Network != "all" {
			l.warn(file, "preloadRule[%q].network %q: want \"wifi\" or \"all\" (taken as \"wifi\")", page, rule.Network)
		}
		for _, pkg := range rule.Packages {
			if !known[strings.Trim(pkg, "/")] {
				l.warn(file, "preloadRule[%q]: package %q is not a subpackage's root or name (ignored)", page, pkg)
			}
		}
	}
}

// readTheme checks the theme file; the runtime reads it through the manifest.
func (l *loader) readTheme(loc string) {
	const file = "app.json"
	name := path.Clean(strings.TrimPrefix(loc, "/"))
	if !fs.ValidPath(name) {
		l.warn(file, "themeLocation %q is not a file of the app (ignored)", loc)
		return
	}
	data, err := l.readFile(l.mini, name, MaxConfigSize)
	if err != nil {
		l.warn(name, "themeLocation: %v (theme variables stay unresolved)", err)
		return
	}
	var theme map[string]map[string]any
	if err := json.Unmarshal(data, &theme); err != nil {
		l.warn(name, "not a theme file ({\"light\":{…},\"dark\":{…}}): %v", err)
		return
	}
	l.mp.ThemeLocation = name
}

func (l *loader) readMinihostJSON() error {
	const file = "minihost.json"
	var host struct {
		EnvVersion     *string `json:"envVersion"`
		Version        string  `json:"version"`
		Plugin         *Plugin `json:"plugin"`
		UserInfoPolicy *string `json:"userInfoPolicy"`
		LoginExpiry    *string `json:"loginExpiry"`
		Icon           string  `json:"icon"`
		// {id: {title, fields: {name: label}}}
		SubscribeTemplates map[string]struct {
			Title  string            `json:"title"`
			Fields map[string]string `json:"fields"`
		} `json:"subscribeTemplates"`
		NetDomains
	}
	data, err := l.readFile(l.root, file, MaxConfigSize)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return &FieldError{File: file, Err: err}
	}
	if err := decodeJSON(file, data, &host); err != nil {
		return err
	}
	mp := l.mp
	if host.EnvVersion != nil {
		if err := ValidEnvVersion(*host.EnvVersion); err != nil {
			return &FieldError{file, "envVersion", err}
		}
		mp.EnvVersion = *host.EnvVersion
	}
	mp.Version = host.Version
	if err := host.NetDomains.check(); err != nil {
		return &FieldError{File: file, Err: err}
	}
	mp.Domains = host.NetDomains
	if host.Plugin != nil {
		if host.Plugin.AppID == "" {
			return &FieldError{file, "plugin.appId", errMissing}
		}
		mp.Plugin = host.Plugin
	}
	if host.UserInfoPolicy != nil {
		if err := ValidUserInfoPolicy(*host.UserInfoPolicy); err != nil {
			return &FieldError{file, "userInfoPolicy", err}
		}
		mp.UserInfoPolicy = *host.UserInfoPolicy
	}
	if host.LoginExpiry != nil {
		d, err := time.ParseDuration(*host.LoginExpiry)
		if err != nil || d < time.Second {
			return &FieldError{file, "loginExpiry", fmt.Errorf("%q is not a duration of at least 1s (e.g. \"30m\", \"72h\")", *host.LoginExpiry)}
		}
		mp.LoginExpiry = d
	}
	if host.SubscribeTemplates != nil {
		t, err := parseTemplates(host.SubscribeTemplates)
		if err != nil {
			return &FieldError{file, "subscribeTemplates", err}
		}
		mp.SubscribeTemplates = t
	}
	if host.Icon != "" {
		icon, err := l.readFile(l.root, host.Icon, MaxIconSize)
		if err != nil {
			return &FieldError{file, "icon", err}
		}
		mp.Icon = icon
	}
	return nil
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

// isFile reports whether name is a regular file in the mini program folder.
func (l *loader) isFile(name string) bool {
	st, err := fs.Stat(l.mini, name)
	return err == nil && st.Mode().IsRegular()
}

func (l *loader) readFile(fsys fs.FS, name string, limit int64) ([]byte, error) {
	if err := l.ctx.Err(); err != nil {
		return nil, err
	}
	return ReadProjectFile(fsys, name, limit)
}

// ReadProjectFile reads a project file of at most limit bytes. It checks
// that name is a regular file before opening it, so a FIFO or a device
// (app.json as a pipe, an icon linked to /dev/zero) is refused instead of
// blocking or reading without end. That check needs fsys to implement
// fs.StatFS (os.Root's FS, os.DirFS and fstest.MapFS do; fs.Sub's result
// does not): without it fs.Stat opens the file.
func ReadProjectFile(fsys fs.FS, name string, limit int64) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	st, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if err := regularFile(st, limit); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// Checked again on the open file, which may not be the one stat saw.
	if st, err = f.Stat(); err != nil {
		return nil, err
	}
	if err := regularFile(st, limit); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: larger than %d bytes", name, limit)
	}
	return data, nil
}

// subFS is fsys's folder dir as an fs.FS. Unlike fs.Sub's, it keeps Stat:
// fs.Stat without it opens the file, which blocks on a FIFO.
type subFS struct {
	fsys fs.FS
	dir  string
}

func (s subFS) name(op, name string) (string, error) {
	if !fs.ValidPath(name) {
		return "", &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	return path.Join(s.dir, name), nil
}

func (s subFS) Open(name string) (fs.File, error) {
	full, err := s.name("open", name)
	if err != nil {
		return nil, err
	}
	return s.fsys.Open(full)
}

func (s subFS) Stat(name string) (fs.FileInfo, error) {
	full, err := s.name("stat", name)
	if err != nil {
		return nil, err
	}
	return fs.Stat(s.fsys, full)
}

func (s subFS) ReadDir(name string) ([]fs.DirEntry, error) {
	full, err := s.name("readdir", name)
	if err != nil {
		return nil, err
	}
	return fs.ReadDir(s.fsys, full)
}

func regularFile(st fs.FileInfo, limit int64) error {
	if !st.Mode().IsRegular() {
		return fmt.Errorf("not a regular file (%v)", st.Mode().Type())
	}
	if st.Size() > limit {
		return fmt.Errorf("%d bytes, at most %d", st.Size(), limit)
	}
	return nil
}

// readObject reads an optional JSON object file as its keys; nil when absent.
func (l *loader) readObject(fsys fs.FS, name string) (map[string]json.RawMessage, error) {
	data, err := l.readFile(fsys, name, MaxConfigSize)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, &FieldError{File: name, Err: err}
	}
	var m map[string]json.RawMessage
	if err := decodeJSON(name, data, &m); err != nil {
		return nil, err
	}
	return m, nil
}

func decodeJSON(file string, data []byte, v any) error {
	if err := json.Unmarshal(data, v); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) && typeErr.Field != "" {
			return &FieldError{File: file, Field: typeErr.Field, Err: fmt.Errorf("want %s, got JSON %s", typeErr.Type, typeErr.Value)}
		}
		return &FieldError{File: file, Err: fmt.Errorf("malformed JSON: %w", err)}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
