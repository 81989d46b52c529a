package project

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"regexp"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

// transformVersion is part of every JS hash: a browser keeps a ?v=<hash>
// response for a year, so output that changes with the same input (another
// esbuild, another wrapper) must get another hash.
const transformVersion = "esbuild v0.28.2, define wrapper 1\n"

// jsHash is the content hash of a project JS or TS file, the ?v= of its
// module's URL. The file's name is in it: .ts and .js of one text transform
// differently.
func jsHash(file string, src []byte) string {
	sum := sha256.New()
	sum.Write([]byte(transformVersion))
	sum.Write([]byte(file + "\x00"))
	sum.Write(src)
	return hex.EncodeToString(sum.Sum(nil)[:8])
}

// transformJS turns one project file (JS, or TypeScript whose types are
// dropped) into the module the runtime defines by name: ES modules become
// CommonJS, modern syntax stays, and an inline source map names the author's
// file with its text. esbuild's Banner/Footer carry the
// wrapper so the map accounts for it. A syntax error gives the stub that
// tells the runtime the module failed, and the error.
func transformJS(module, file string, src []byte) ([]byte, *FileError) {
	quoted := jsString(module)
	loader := api.LoaderJS
	if strings.HasSuffix(file, ".ts") {
		loader = api.LoaderTS
	}
	res := api.Transform(string(src), api.TransformOptions{
		Loader:         loader,
		Format:         api.FormatCommonJS,
		Target:         api.ESNext,
		Sourcemap:      api.SourceMapInline,
		SourcesContent: api.SourcesContentInclude,
		Sourcefile:     file,
		Banner:         "__minihost.define(" + quoted + ", function (require, module, exports) {",
		Footer:         "});",
		LogLevel:       api.LogLevelSilent,
	})
	if len(res.Errors) > 0 {
		e := res.Errors[0]
		fe := &FileError{File: file, Message: e.Text}
		if loc := e.Location; loc != nil {
			fe.Line, fe.Column = loc.Line, loc.Column+1 // esbuild's column counts from 0
		}
		return []byte("__minihost.moduleError(" + quoted + ");\n"), fe
	}
	return res.Code, nil
}

// jsString quotes s as a JS string literal that is safe anywhere in a
// script (json.Marshal escapes <, >, &, U+2028 and U+2029).
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return strings.TrimSpace(string(b))
}

// requireCall is a require with a string literal, as esbuild writes an
// import and as authors write require.
var requireCall = regexp.MustCompile(`\brequire\(\s*(?:"([^"\n]+)"|'([^'\n]+)')\s*\)`)

// requiresOf lists the literal require requests of a transformed module,
// each once (the source map's data URL holds no quotes, so it adds none).
func requiresOf(code []byte) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, m := range requireCall.FindAllSubmatch(code, -1) {
		req := string(m[1]) + string(m[2])
		if !seen[req] {
			seen[req] = true
			out = append(out, req)
		}
	}
	return out
}
