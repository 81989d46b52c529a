package e2e

import (
	"strings"
	"testing"
	"time"
)

// TestNpmWithoutBuild: a project after `npm install`, without the IDE's Build
// npm step (there is no IDE on Linux): its component library, its plain
// package (whose main is lib/format.js) and that package's own dependency
// come from node_modules as Build npm would copy them, and the start says
// so; a dependency that is not installed is named.
func TestNpmWithoutBuild(t *testing.T) {
	dir := writeProject(t, map[string]string{
		"project.config.json": `{"appid":"wx6e706d6275696c64"}`,
		"app.json":            `{"pages":["pages/a/a"],"usingComponents":{"price-tag":"tiny-ui/price-tag/index"}}`,
		"app.js":              "App({})\n",
		"package.json":        `{"dependencies":{"tiny-ui":"^1.0.0","tiny-format":"^2.0.0","not-installed":"^1.0.0"}}`,
		// a component library, published with its mini program folder
		"node_modules/tiny-ui/package.json":                          `{"name":"tiny-ui","version":"1.0.0","miniprogram":"miniprogram_dist"}`,
		"node_modules/tiny-ui/miniprogram_dist/price-tag/index.js":   "Component({ properties: { value: Number } })\n",
		"node_modules/tiny-ui/miniprogram_dist/price-tag/index.json": `{"component":true}`,
		"node_modules/tiny-ui/miniprogram_dist/price-tag/index.wxml": `<text class="tag">¥{{value}}</text>`,
		"node_modules/tiny-ui/miniprogram_dist/price-tag/index.wxss": `.tag { color: #fa5151; }`,
		// a plain package whose main is not index.js, with a dependency of its own
		"node_modules/tiny-format/package.json":  `{"name":"tiny-format","version":"2.0.0","main":"lib/format.js","dependencies":{"tiny-case":"^1.0.0"}}`,
		"node_modules/tiny-format/lib/format.js": "const { up } = require('tiny-case')\nexports.upper = (s) => up(String(s))\n",
		"node_modules/tiny-format/src/format.ts": "export const upper = (s: string) => s.toUpperCase()\n",
		"node_modules/tiny-case/package.json":    `{"name":"tiny-case","version":"1.0.0"}`,
		"node_modules/tiny-case/index.js":        "exports.up = (s) => s.toUpperCase()\n",
		"pages/a/a.js":                           "const { upper } = require('tiny-format')\nPage({ data: { name: upper('milk') } })\n",
		"pages/a/a.wxml":                         `<text id="name">{{name}}</text><price-tag id="tag" value="{{3}}"></price-tag>`,
	})
	h := startProject(t, dir)
	out := strings.Join(h.warnings(), "\n")
	for _, want := range []string{"no miniprogram_npm/: tiny-case, tiny-format, tiny-ui read from node_modules", "cannot show in miniprogram_npm/ (not installed in node_modules, or with no mini program folder and no index.js, which the IDE's Build npm bundles): not-installed"} {
		if !strings.Contains(out, want) {
			t.Errorf("the start does not say %q:\n%s", want, out)
		}
	}
	p := newMPTab(t, 60*time.Second)
	p.open(t, h.app().URL+"/")
	p.waitText(t, "name", "MILK")
	p.waitTextContains(t, "tag", "¥3")
}
